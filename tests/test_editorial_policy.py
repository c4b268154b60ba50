"""The editorial policy page, and the links every monograph page carries to it and to the
issue tracker."""

import datetime
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest

from refsite.monographs.models import Monograph
from refsite.publishing.parse import parse_file

from .factories import SECTIONS

CONTENT = Path(__file__).resolve().parent.parent / "content"
POLICY_URL = "/about/editorial-policy/"


def report_link(html):
    match = re.search(r'<a href="([^"]+)"[^>]*>Report a problem with this page</a>', html)
    assert match, "no report link"
    url = unescape(match.group(1))
    parts = urlsplit(url)
    return parts, {key: values[0] for key, values in parse_qs(parts.query).items()}


@pytest.fixture
def loaded(content):
    content.write()
    content.load()
    return content


# The policy page

@pytest.mark.django_db
def test_policy_page_is_served_and_is_valid_html(client):
    response = client.get(POLICY_URL)
    assert response.status_code == 200
    assert "<h1>Editorial policy</h1>" in response.content.decode()
    html5lib.HTMLParser(strict=True).parse(response.content)


@pytest.mark.django_db
def test_policy_says_what_a_review_is_and_is_not(client):
    html = client.get(POLICY_URL).content.decode()
    assert 'id="reviewed"' in html
    assert "line-by-line comparison" in html and "FDA label" in html
    assert "The machine check" in html
    assert "does <strong>not</strong> mean that a named doctor or pharmacist" in html


@pytest.mark.django_db
def test_policy_orders_sources_label_first_and_never_publishes_unverified(client):
    html = client.get(POLICY_URL).content.decode()
    section = html.split('id="sources"')[1].split("</section>")[0]
    label, secondary, unverified = (
        section.index("The FDA label"),
        section.index("Secondary summaries"),
        section.index("Unverified claims are never published"),
    )
    assert label < secondary < unverified
    assert "stays a draft" in section


@pytest.mark.django_db
def test_policy_covers_re_review_changes_independence_and_disclaimer(client):
    html = client.get(POLICY_URL).content.decode()
    for anchor in ("re-review", "changes", "independence", "disclaimer"):
        assert f'id="{anchor}"' in html
    assert "next review due" in html
    assert "pull request" in html and "manage.py check_content" in html
    assert "no advertising and no sponsored content" in html
    assert "not medical advice" in html


@pytest.mark.django_db
def test_policy_links_to_the_issue_tracker_and_has_no_form_that_writes(client, settings):
    settings.ISSUE_TRACKER_NEW_URL = "https://tracker.example.org/refsite/issues/new"
    html = client.get(POLICY_URL).content.decode()
    assert 'href="https://tracker.example.org/refsite/issues/new"' in html
    assert 'method="post"' not in html.lower()


@pytest.mark.django_db
def test_policy_lists_published_reviews_but_not_drafts(client, content):
    content.write("testazepam")
    content.write("draftazepam", status="draft", brand_names=["Draftopin"], synonyms=[])
    content.load()
    html = client.get(POLICY_URL).content.decode()
    table = html.split('id="reviewed-table-caption"')[1].split("</table>")[0]
    assert 'href="/drugs/testazepam/"' in table
    assert '<time datetime="2027-01-10">' in table
    assert "Test reviewers: checked against the fixture label" in table
    assert "draftazepam" not in table.lower()


@pytest.mark.django_db
def test_footer_links_to_the_policy(client):
    assert f'href="{POLICY_URL}"' in client.get("/").content.decode()


def test_shipped_pages_keep_the_policy_promise_of_re_review_within_a_year():
    for path in sorted((CONTENT / "monographs").glob("*.md")):
        meta = parse_file(path, CONTENT, 10**6).meta
        if meta["status"] == "reviewed":
            reviewed = datetime.date.fromisoformat(meta["reviewed_on"])
            due = datetime.date.fromisoformat(meta["review_due"])
            assert due - reviewed <= datetime.timedelta(days=366), path.name


# The links on monograph pages

@pytest.mark.django_db
def test_monograph_links_to_the_policy_in_its_review_line(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    review_line = html.split('class="review-line"')[1].split("</p>")[0]
    assert f'href="{POLICY_URL}"' in review_line


@pytest.mark.django_db
def test_report_link_opens_the_configured_tracker(client, loaded, settings):
    settings.ISSUE_TRACKER_NEW_URL = "https://tracker.example.org/refsite/issues/new"
    parts, _ = report_link(client.get("/drugs/testazepam/").content.decode())
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "tracker.example.org", "/refsite/issues/new"
    )


@pytest.mark.django_db
def test_report_link_is_prefilled_with_slug_page_url_and_revision(client, loaded):
    revision = Monograph.objects.get(slug="testazepam").current_revision
    _, query = report_link(client.get("/drugs/testazepam/").content.decode())
    assert "testazepam" in query["title"] and "revision 1" in query["title"]
    assert "Page: http://testserver/drugs/testazepam/" in query["body"]
    assert "Monograph: testazepam" in query["body"]
    assert f"Revision: 1 (content {revision.content_hash[:12]}" in query["body"]


@pytest.mark.django_db
def test_report_link_follows_the_revision_that_is_served(client, loaded):
    loaded.write(sections={**SECTIONS, "Side effects": "Drowsiness is rare.[^test-label]"},
                 reviewed_on="2026-05-01", changes="Side effects corrected.")
    loaded.load()
    revision = Monograph.objects.get(slug="testazepam").current_revision
    assert revision.number == 2
    _, query = report_link(client.get("/drugs/testazepam/").content.decode())
    assert "revision 2" in query["title"]
    assert f"content {revision.content_hash[:12]}" in query["body"]


@pytest.mark.django_db
def test_report_link_keeps_a_query_string_already_in_the_tracker_url(client, loaded, settings):
    settings.ISSUE_TRACKER_NEW_URL = "https://tracker.example.org/new?template=problem.md"
    parts, query = report_link(client.get("/drugs/testazepam/").content.decode())
    assert query["template"] == "problem.md"
    assert "testazepam" in query["title"]
    assert parts.query.count("?") == 0


@pytest.mark.django_db
def test_monograph_page_with_the_new_links_is_valid_html(client, loaded):
    html5lib.HTMLParser(strict=True).parse(client.get("/drugs/testazepam/").content)
