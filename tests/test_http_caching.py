"""Pages carry validators from the content revision, answer 304, and are cached by it."""

import time

import pytest

from refsite.core import caching
from refsite.monographs import revisions
from refsite.monographs.models import Monograph

pytestmark = pytest.mark.django_db

PAGE = "/drugs/testazepam/"


@pytest.fixture
def loaded(content):
    content.write()
    content.load()
    return content


def test_monograph_page_has_etag_last_modified_and_public_cache_control(client, loaded):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=300", "s-maxage=600"} <= directives


def test_matching_if_none_match_gets_304_without_a_body(client, loaded):
    etag = client.get(PAGE)["ETag"]
    response = client.get(PAGE, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_last_modified_gets_304(client, loaded):
    last_modified = client.get(PAGE)["Last-Modified"]
    response = client.get(PAGE, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_changed_content_changes_the_etag_and_an_old_etag_gets_the_new_page(client, loaded):
    old = client.get(PAGE)["ETag"]
    loaded.write(summary="Testazepam is a made-up medicine. This summary was corrected.",
                 reviewed_on="2026-05-01", changes="Summary corrected.")
    loaded.load()
    response = client.get(PAGE, headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response["ETag"] != old
    assert b"was corrected" in response.content


def test_home_etag_changes_when_any_monograph_changes(client, loaded):
    old = client.get("/")["ETag"]
    assert client.get("/", headers={"If-None-Match": old}).status_code == 304
    loaded.write("otherazepam")
    loaded.load()
    response = client.get("/", headers={"If-None-Match": old})
    assert response.status_code == 200
    assert b"Otherazepam" in response.content


def test_a_new_release_changes_the_etag(client, loaded, settings):
    old = client.get(PAGE)["ETag"]
    settings.RELEASE = "next-release"
    caching.release.cache_clear()
    try:
        assert client.get(PAGE)["ETag"] != old
    finally:
        caching.release.cache_clear()


def test_a_cached_page_costs_one_query_and_equals_the_rendered_one(
        client, loaded, django_assert_num_queries):
    first = client.get(PAGE)
    with django_assert_num_queries(1):
        second = client.get(PAGE)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_unknown_pages_and_brand_redirects_are_not_given_validators(client, loaded):
    assert "ETag" not in client.get("/drugs/nonesuch/")
    redirect = client.get("/drugs/testazepam-brand/")
    assert redirect.status_code == 301 and "ETag" not in redirect


@pytest.mark.django_db(transaction=True)
class TestRevisionMemo:
    """Outside a transaction (as in production) each process remembers revisions for
    REVISION_TTL seconds, so a busy cached page needs no database round trip."""

    @pytest.fixture(autouse=True)
    def memo(self, settings):
        settings.REVISION_TTL = 60
        caching.memo.forget()
        yield
        caching.memo.forget()

    def test_a_repeated_request_is_answered_without_a_query(
            self, client, loaded, django_assert_num_queries):
        client.get(PAGE)
        with django_assert_num_queries(0):
            assert client.get(PAGE).status_code == 200

    def test_a_load_in_this_process_is_served_at_once(self, client, loaded):
        client.get(PAGE)
        loaded.write(summary="Testazepam is a made-up medicine. This summary was corrected.",
                     reviewed_on="2026-05-01", changes="Summary corrected.")
        loaded.load()
        assert b"was corrected" in client.get(PAGE).content

    def test_a_load_elsewhere_is_served_once_the_ttl_has_passed(
            self, client, loaded, monkeypatch):
        old = client.get(PAGE)["ETag"]
        Monograph.objects.filter(slug="testazepam").update(content_hash="0" * 64)
        assert client.get(PAGE)["ETag"] == old
        later = time.monotonic() + 61
        monkeypatch.setattr(caching.time, "monotonic", lambda: later)
        assert client.get(PAGE)["ETag"] != old


def test_a_page_that_uses_the_csrf_token_is_neither_public_nor_cached(rf, loaded):
    from django.core.cache import caches
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    @caching.revision_cached(revisions.collection_revision)
    def form_page(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    response = form_page(rf.get("/form/"))
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response
    address = caching._address(rf.get("/form/"))
    revision = revisions.collection_revision()
    assert caches["pages"].get(caching._cache_key(revision, address)) is None
    assert caching.served.get(address) is None


def _page(content):
    return caching._Page("revision", (), content)


def test_served_pages_keep_only_the_newest_entries():
    pages = caching._ServedPages()
    for n in range(pages.MAX_ENTRIES + 10):
        pages.put(("key", n), _page(b"page %d" % n))
    assert len(pages) == pages.MAX_ENTRIES
    assert pages.get(("key", 9)) is None
    assert pages.get(("key", 10)) == _page(b"page 10")
    assert pages.get(("key", pages.MAX_ENTRIES + 9)) is not None


def test_served_pages_stay_within_their_bytes():
    pages = caching._ServedPages()
    body = b"x" * pages.MAX_PAGE_BYTES
    for n in range(pages.MAX_BYTES // len(body) + 3):
        pages.put(("key", n), _page(body))
    assert pages.size <= pages.MAX_BYTES
    assert pages.size == len(pages) * len(body)
    assert pages.get(("key", 0)) is None


def test_a_page_larger_than_its_share_is_not_kept_by_the_process():
    pages = caching._ServedPages()
    pages.put("large", _page(b"x" * (pages.MAX_PAGE_BYTES + 1)))
    assert pages.get("large") is None and pages.size == 0


def test_putting_a_kept_page_again_counts_its_bytes_once():
    pages = caching._ServedPages()
    pages.put("page", _page(b"12345"))
    pages.put("page", _page(b"12345"))
    assert len(pages) == 1 and pages.size == 5


def test_a_served_page_is_answered_from_this_process_without_the_page_cache(
        client, loaded, django_assert_num_queries):
    first = client.get(PAGE)
    from django.core.cache import caches

    # Emptied behind the served pages' back (as culling would): they still answer.
    caches["pages"]._cache.clear()
    with django_assert_num_queries(1):
        second = client.get(PAGE)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_clearing_the_page_cache_forgets_the_served_pages(
        client, loaded, django_assert_num_queries):
    from django.core.cache import caches

    client.get(PAGE)
    assert len(caching.served) > 0
    caches["pages"].clear()
    assert len(caching.served) == 0


def test_a_content_load_is_served_and_replaces_the_kept_page(client, loaded):
    client.get(PAGE)
    client.get(PAGE)
    kept = len(caching.served)
    loaded.write(summary="Testazepam is a made-up medicine. This summary was corrected.",
                 reviewed_on="2026-05-01", changes="Summary corrected.")
    loaded.load()
    assert b"was corrected" in client.get(PAGE).content
    assert b"was corrected" in client.get(PAGE).content
    assert len(caching.served) == kept  # one page per address: the old one is gone


def test_each_host_gets_the_page_rendered_for_it(client, loaded, settings):
    # Without SITE_URL the page's absolute links name the host it was asked on.
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    one = client.get(PAGE, HTTP_HOST="one.example")
    assert b"http://one.example/" in one.content
    two = client.get(PAGE, HTTP_HOST="two.example")
    assert b"http://two.example/" in two.content
    assert b"one.example" not in two.content


def test_a_disallowed_host_is_refused_although_the_page_is_cached(client, loaded, settings):
    settings.SITE_URL = "https://refsite.example"
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE, HTTP_HOST="evil.example").status_code == 400


def test_a_query_string_is_part_of_the_key(client, loaded):
    client.get(PAGE)
    client.get(PAGE + "?utm=1")
    keys = [key for key in caching.served._pages if key[3] == PAGE]
    assert sorted(key[5] for key in keys) == ["", "utm=1"]


REVISIONED_URLS = [
    "/drugs/", "/classes/", "/classes/benzodiazepine/", "/conditions/",
    "/conditions/seizure-disorder/", "/drugs/testazepam/history/",
    "/api/v1/monographs/", "/api/v1/monographs/testazepam",
    "/fhir/MedicationKnowledge/testazepam",
]


@pytest.mark.parametrize("url", REVISIONED_URLS)
def test_index_history_and_api_responses_answer_conditional_requests(client, loaded, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and response["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_monograph_page_etag_changes_on_a_new_day(client, loaded, monkeypatch):
    # The page shows a notice once its review falls due: the same content, a new page.
    import datetime

    from django.utils import timezone

    today = client.get(PAGE)["ETag"]
    monkeypatch.setattr(caching.settings, "REVISION_TTL", 0)
    monkeypatch.setattr(timezone, "localdate",
                        lambda *a, **k: datetime.date.today() + datetime.timedelta(days=1))
    assert client.get(PAGE)["ETag"] != today
