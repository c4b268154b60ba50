"""History pages stay small and every revision address is a 200 or a 404.

At 1,100 revisions the unpaged history was 1.2 MB; a number past what the database
can hold gave a 500 (OverflowError on SQLite).
"""

import re

import pytest

from refsite.monographs.models import Monograph, Revision

from .pages import parse_page

pytestmark = pytest.mark.django_db

HISTORY = "/drugs/testazepam/history/"
HUGE = "9" * 20


@pytest.fixture
def revisions(content):
    """testazepam with `count` revisions; all but the first are made directly."""

    def make(count):
        content.write()
        content.load()
        monograph = Monograph.objects.get(slug="testazepam")
        first = monograph.revisions.get()
        Revision.objects.bulk_create(
            Revision(monograph=monograph, number=n, content_hash=f"{n:064x}",
                     changes=f"Change number {n}.", source_text=first.source_text)
            for n in range(2, count + 1))

    return make


def listed(response):
    doc = parse_page(response.content.decode())
    return [int(li.get("id")[1:]) for li in doc.find(".//ol[@class='revision-list']")]


def rel_links(response):
    html = response.content.decode()
    return {rel: href.replace("&amp;", "&")
            for href, rel in re.findall(r'<a href="([^"]*)" rel="(prev|next)"', html)}


def test_history_shows_fifty_revisions_a_page_newest_first(client, revisions):
    revisions(120)
    response = client.get(HISTORY)
    assert listed(response) == list(range(120, 70, -1))
    assert rel_links(response) == {"next": "?page=2"}
    assert "Revision 120 (current)" in response.content.decode()


def test_middle_and_last_pages_link_both_ways(client, revisions):
    revisions(120)
    middle = client.get(HISTORY, {"page": "2"})
    assert listed(middle) == list(range(70, 20, -1))
    assert rel_links(middle) == {"prev": HISTORY, "next": "?page=3"}
    assert "(current)" not in middle.content.decode()
    last = client.get(HISTORY, {"page": "3"})
    assert listed(last) == list(range(20, 0, -1))
    assert rel_links(last) == {"prev": "?page=2"}


def test_a_short_history_has_no_page_links(client, revisions):
    revisions(3)
    response = client.get(HISTORY)
    assert listed(response) == [3, 2, 1]
    assert rel_links(response) == {} and 'class="pagination"' not in response.content.decode()


@pytest.mark.parametrize(("asked", "shown"), [
    ("abc", 1), ("0", 1), ("-4", 1), ("", 1), ("3", 3), ("4", 3), (HUGE, 3), ("9" * 5000, 1),
])
def test_page_numbers_past_either_end_show_the_nearest_page_as_search_does(
        client, revisions, asked, shown):
    revisions(120)
    response = client.get(HISTORY, {"page": asked})
    assert response.status_code == 200
    assert f"page {shown} of 3" in response.content.decode()


def test_a_long_history_page_stays_small(client, revisions):
    revisions(1100)
    response = client.get(HISTORY)
    assert len(listed(response)) == 50
    assert len(response.content) < 100_000  # 1.2 MB with every revision on one page


def test_the_compare_form_offers_every_revision_from_any_page(client, revisions):
    revisions(120)
    html = client.get(HISTORY, {"page": "3"}).content.decode()
    assert re.search(r'id="compare-from"[^>]*min="1" max="120" value="119"', html)
    assert re.search(r'id="compare-to"[^>]*min="1" max="120" value="120"', html)


@pytest.mark.parametrize("url", [
    f"{HISTORY}1...{HUGE}/", f"{HISTORY}{HUGE}...1/", f"{HISTORY}1...2147483648/",
    f"{HISTORY}0...1/", f"{HISTORY}compare/?from=1&to={HUGE}",
    f"{HISTORY}compare/?from=2147483648&to=1",
])
def test_revision_numbers_out_of_range_are_404(client, revisions, url):
    revisions(2)
    assert client.get(url).status_code == 404


def test_revision_numbers_in_range_still_work(client, revisions):
    revisions(2)
    assert client.get(f"{HISTORY}1...2/").status_code == 200
    assert client.get(f"{HISTORY}compare/?from=1&to=2")["Location"] == f"{HISTORY}1...2/"
    assert client.get(f"{HISTORY}1...2147483647/").status_code == 404
