"""/sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from refsite.monographs.models import Revision

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.find(f"{NS}loc").text.removeprefix("http://testserver"):
            url.find(f"{NS}lastmod").text for url in root.findall(f"{NS}url")}


def test_sitemap_lists_published_pages_dated_by_their_revision(
        client, published_draft_and_removed):
    Revision.objects.filter(monograph__slug="alpha").update(created_at="2026-02-03T10:00Z")
    urls = sitemap(client)
    assert urls["/drugs/alpha/"] == "2026-02-03"
    assert urls["/drugs/alpha/history/"] == "2026-02-03"
    assert urls["/classes/alphaclass/"] == "2026-02-03"
    assert urls["/conditions/alpha-fever/"] == "2026-02-03"
    for url in ("/", "/drugs/", "/classes/", "/conditions/"):
        assert urls[url] == "2026-02-03"
    assert not [url for url in urls if "beta" in url or "gamma" in url]


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /drugs/*/history/compare/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
