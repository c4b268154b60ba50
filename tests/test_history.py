"""History anyone can audit: revision list, source diffs, the changes feed."""

import xml.etree.ElementTree as ET

import pytest

from refsite.monographs.history import source_diff
from refsite.monographs.models import Revision

from .factories import SECTIONS
from .pages import parse_page, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


# The diff itself: pure.

def test_diff_numbers_changed_lines_in_both_versions():
    diff = source_diff("a\nb\nc\n", "a\nB\nc\nd\n")
    assert [(d.kind, d.old_number, d.new_number, d.text) for d in diff.hunks[0].lines] == [
        ("same", 1, 1, "a"), ("removed", 2, None, "b"), ("added", None, 2, "B"),
        ("same", 3, 3, "c"), ("added", None, 4, "d")]
    assert (diff.added, diff.removed) == (2, 1)


def test_distant_changes_make_separate_hunks_with_context():
    old = "\n".join(f"line {n}" for n in range(1, 31))
    new = old.replace("line 2\n", "line two\n").replace("line 29", "line twenty-nine")
    diff = source_diff(old, new, context=2)
    assert [(h.old_start, h.old_end) for h in diff.hunks] == [(1, 4), (27, 30)]


def test_identical_sources_have_no_hunks():
    assert source_diff("same\n", "same\n").hunks == ()


# Pages and feed on the `content` fixture.

@pytest.fixture
def revised(content):
    content.write(changes="First version.")
    content.load()
    # Raw HTML cannot pass the check (HTML001); stored anyway, the diff must still
    # show it as escaped text.
    path = content.write(changes="Clarified the dosing section.", sections={
        **SECTIONS,
        "Dosing": "Start at 1.5 mg a day.[^test-label] <script>alert('x')</script> & more",
    })
    content.store_unchecked(path)
    return content


@pytest.mark.django_db
def test_history_lists_every_revision_newest_first_with_its_audit_facts(client, revised):
    Revision.objects.filter(number=2).update(commit="c0ffee" * 6 + "abcd")
    doc = parse_page(client.get("/drugs/testazepam/history/").content.decode())
    items = doc.find(".//ol[@class='revision-list']").findall("li")
    assert [li.get("id") for li in items] == ["r2", "r1"]
    newest = text_of(items[0])
    latest = Revision.objects.get(number=2)
    assert "Revision 2 (current)" in newest
    assert "Clarified the dosing section." in newest
    assert latest.content_hash in newest
    assert "c0ffee" * 6 + "abcd" in newest
    assert "Test reviewers" in newest and "10 January 2026" in newest
    assert latest.created_at.strftime("%Y-%m-%d") in items[0].find(".//time").get("datetime")
    assert "Not recorded" in text_of(items[1])
    assert items[0].find(".//a").get("href") == "/drugs/testazepam/history/1...2/"


@pytest.mark.django_db
def test_change_summary_falls_back_to_no_summary_when_nothing_was_recorded(client, content):
    content.write(changes=None)
    content.load()
    html = client.get("/drugs/testazepam/history/").content.decode()
    assert "No summary recorded" in html


@pytest.mark.django_db
def test_monograph_page_links_to_its_history_near_the_review_line(client, revised):
    html = client.get("/drugs/testazepam/").content.decode()
    review = html.index('class="review-line"')
    link = html.index('href="/drugs/testazepam/history/"')
    assert review < link < html.index('class="toc"')
    assert "Revision 2" in html[review:link]


@pytest.mark.django_db
def test_diff_shows_the_markdown_change_as_escaped_text(client, revised):
    response = client.get("/drugs/testazepam/history/1...2/")
    html = response.content.decode()
    doc = parse_page(html)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in html
    added = [text_of(tr) for tr in doc.iter("tr") if tr.get("class") == "diff-added"]
    removed = [text_of(tr) for tr in doc.iter("tr") if tr.get("class") == "diff-removed"]
    assert any("<script>alert('x')</script> & more" in row for row in added)
    assert any("changes: First version." in row for row in removed)
    assert any("changes: Clarified the dosing section." in row for row in added)


@pytest.mark.django_db
def test_diff_can_run_backwards(client, revised):
    doc = parse_page(client.get("/drugs/testazepam/history/2...1/").content.decode())
    removed = [text_of(tr) for tr in doc.iter("tr") if tr.get("class") == "diff-removed"]
    assert any("Clarified the dosing section." in row for row in removed)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/drugs/testazepam/history/1...9/",
    "/drugs/testazepam/history/9...1/",
    "/drugs/no-such-drug/history/",
    "/drugs/no-such-drug/history/1...2/",
])
def test_unknown_revisions_and_monographs_are_404(client, revised, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_compare_form_redirects_to_the_diff_address(client, revised):
    response = client.get("/drugs/testazepam/history/compare/", {"from": "1", "to": "2"})
    assert (response.status_code, response["Location"]) == (
        302, "/drugs/testazepam/history/1...2/")
    for bad in ({"from": "x", "to": "2"}, {"from": "-1", "to": "2"}, {"to": "2"}):
        response = client.get("/drugs/testazepam/history/compare/", bad)
        assert response["Location"] == "/drugs/testazepam/history/"


@pytest.mark.django_db
def test_history_of_a_draft_or_removed_monograph_is_not_served(
        client, published_draft_and_removed):
    assert client.get("/drugs/alpha/history/").status_code == 200
    assert client.get("/drugs/beta/history/").status_code == 404
    assert client.get("/drugs/gamma/history/").status_code == 404
    assert client.get("/drugs/gamma/history/1...1/").status_code == 404


def feed_entries(client):
    response = client.get("/feeds/changes/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}author/{ATOM}name").text
    return root.findall(f"{ATOM}entry")


@pytest.mark.django_db
def test_feed_has_one_entry_per_published_revision_newest_first(client, revised):
    entries = feed_entries(client)
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Testazepam: revision 2", "Testazepam: revision 1"]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert entries[0].find(f"{ATOM}link").get("href") == (
        "http://testserver/drugs/testazepam/history/1...2/")
    summary = entries[0].find(f"{ATOM}summary").text
    assert "Clarified the dosing section." in summary
    assert Revision.objects.get(number=2).content_hash in summary
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2


@pytest.mark.django_db
def test_feed_leaves_out_drafts_and_removed_monographs(client, published_draft_and_removed):
    titles = [e.find(f"{ATOM}title").text for e in feed_entries(client)]
    assert titles == ["Alpha: revision 1"]
