"""The public site only reads: GET and HEAD everywhere, 405 with Allow for the rest.

Before, only the API said so; pages answered TRACE and OPTIONS with the whole page and
POST with a CSRF 403, which tells a client nothing about what it did wrong.
"""

import pytest
from django.test import Client

from .conftest import loaded_once

pytestmark = pytest.mark.django_db

URLS = [
    "/", "/drugs/", "/drugs/testazepam/", "/drugs/testopin/",
    "/drugs/testazepam/history/", "/drugs/testazepam/history/1...1/",
    "/drugs/testazepam/history/compare/?from=1&to=1", "/classes/", "/classes/benzodiazepine/",
    "/conditions/", "/feeds/changes/", "/sitemap.xml", "/robots.txt",
    "/about/editorial-policy/", "/search/?q=testazepam", "/search/suggest?q=test",
    "/api/v1/monographs/", "/api/v1/monographs/testazepam", "/api/v1/openapi.json",
    "/fhir/MedicationKnowledge/testazepam",
]
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"]

loaded = loaded_once(lambda tree: tree.write(brand_names=["Testopin"]))


@pytest.fixture
def strict_client():
    """A client that checks CSRF tokens, as the real site does (the test client's
    default skips the check, and with it the 403 this is about)."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("url", URLS)
def test_every_page_answers_other_methods_with_405_and_allow(strict_client, loaded, url):
    for method in OTHER_METHODS:
        response = strict_client.generic(method, url)
        assert response.status_code == 405, (method, response.status_code)
        assert response["Allow"] == "GET, HEAD", method
        assert b"<html" not in response.content.lower(), method


@pytest.mark.parametrize("url", URLS)
def test_every_page_still_answers_get_and_head(strict_client, loaded, url):
    for method in ("GET", "HEAD"):
        assert strict_client.generic(method, url).status_code in (200, 301, 302), method


def test_the_405_keeps_the_security_headers(strict_client, loaded):
    response = strict_client.post("/drugs/testazepam/")
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_unknown_addresses_are_still_404_whatever_the_method(strict_client, loaded):
    assert strict_client.post("/no/such/page/").status_code == 404


def test_staff_can_still_post_to_the_admin(client, admin_user):
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "admin", "password": "password"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_admin_still_checks_csrf_tokens(strict_client, admin_user):
    response = strict_client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 403
