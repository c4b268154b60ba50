"""History pages stay small and every revision address is a 200 or a 404.

At 1,100 revisions the unpaged history was 1.2 MB; a number past what the database
can hold gave a 500 (OverflowError on SQLite).
"""

import pytest

from refsite.monographs.models import Monograph, Revision

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
