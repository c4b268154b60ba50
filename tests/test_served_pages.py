"""A page this process served lately is answered before URL resolution
(caching.ServedPagesMiddleware), and answers exactly as the view would have: the same
body and headers, 304/412, redirects, 404s, 405s and a new load all as before."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.handlers.base import BaseHandler

from refsite.core import caching

from .factories import calls_to

pytestmark = pytest.mark.django_db

PAGE = "/drugs/testazepam/"


@pytest.fixture
def loaded(content):
    content.write()
    content.load()
    return content


@pytest.fixture
def resolved(monkeypatch):
    """The paths Django's handler resolved to a view, in order: a page answered from
    `served` never gets there."""
    return calls_to(monkeypatch, BaseHandler, "resolve_request",
                    lambda handler, request: request.path)


@pytest.fixture
def kept(client, loaded, resolved):
    """PAGE rendered once (and kept), the resolver's log emptied."""
    rendered = client.get(PAGE)
    assert rendered.status_code == 200 and resolved == [PAGE]
    resolved.clear()
    return rendered


def test_the_middleware_comes_last_so_every_other_middleware_still_runs():
    assert settings.MIDDLEWARE[-1] == "refsite.core.caching.ServedPagesMiddleware"


def test_a_kept_page_is_answered_without_resolving_its_url(client, kept, resolved):
    assert client.get(PAGE).status_code == 200
    assert resolved == []


def test_a_kept_page_has_the_rendered_body_and_every_header(client, kept):
    served = client.get(PAGE)
    assert served.content == kept.content
    assert dict(served.items()) == dict(kept.items())


def test_a_kept_page_carries_the_security_headers(client, kept):
    served = client.get(PAGE)
    assert served["X-Frame-Options"] == "DENY"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in served["Content-Security-Policy"]


def test_a_kept_page_over_https_carries_strict_transport_security(client, loaded, resolved):
    client.get(PAGE, secure=True)
    served = client.get(PAGE, secure=True)
    assert resolved == [PAGE]  # the second came from the middleware
    assert served["Strict-Transport-Security"].startswith("max-age=31536000")


def test_head_of_a_kept_page_has_the_get_headers_and_no_body(client, kept, resolved):
    head = client.head(PAGE)
    assert resolved == []
    assert head.status_code == 200 and head.content == b""
    assert dict(head.items()) == dict(kept.items())


def test_head_first_keeps_the_page_get_serves(client, loaded):
    head = client.head(PAGE)
    get = client.get(PAGE)
    assert get.status_code == 200 and b"Testazepam" in get.content
    assert dict(head.items()) == dict(get.items())


def test_a_matching_if_none_match_gets_304_with_the_validators(client, kept, resolved):
    response = client.get(PAGE, headers={"If-None-Match": kept["ETag"]})
    assert resolved == []
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == kept["ETag"]
    assert response["Last-Modified"] == kept["Last-Modified"]
    assert response["Cache-Control"] == kept["Cache-Control"]


def test_a_matching_if_modified_since_gets_304(client, kept, resolved):
    response = client.get(PAGE, headers={"If-Modified-Since": kept["Last-Modified"]})
    assert response.status_code == 304 and resolved == []


def test_an_old_etag_gets_the_whole_page(client, kept):
    response = client.get(PAGE, headers={"If-None-Match": '"an-older-revision"'})
    assert response.status_code == 200 and response.content == kept.content


def test_a_failed_if_match_gets_412_from_the_kept_page_as_from_the_view(client, loaded):
    from_view = client.get(PAGE, headers={"If-Match": '"another"'})
    client.get(PAGE)
    from_kept = client.get(PAGE, headers={"If-Match": '"another"'})
    assert from_view.status_code == from_kept.status_code == 412
    assert "ETag" not in from_kept


def test_a_query_string_is_its_own_page(client, kept, resolved):
    response = client.get(PAGE + "?utm_source=mail")
    assert response.status_code == 200 and resolved == [PAGE]


def test_a_listing_with_a_filter_is_not_served_the_unfiltered_one(client, loaded):
    everything = client.get("/drugs/")
    client.get("/drugs/")
    filtered = client.get("/drugs/?label=updated")
    assert b"Testazepam" in everything.content
    assert filtered.content != everything.content


def test_the_address_without_its_slash_still_redirects_to_it(client, kept):
    response = client.get(PAGE.rstrip("/"))
    assert response.status_code == 301 and response["Location"] == PAGE


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"])
def test_other_methods_on_a_kept_page_get_405(client, kept, method):
    response = client.generic(method, PAGE)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_a_brand_name_still_redirects_once_the_generic_page_is_kept(client, kept):
    response = client.get("/drugs/testazepam-brand/")
    assert response.status_code == 301 and response["Location"] == PAGE


def test_a_kept_page_whose_name_now_leads_to_a_one_form_page_redirects(client, loaded,
                                                                        kept):
    content = loaded
    content.remove("testazepam")
    content.write("testazepam-er-tablets", generic_name="testazepam",
                  brand_names=["Testazepam-xr"])
    content.load(allow_unpublish=True)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/drugs/testazepam-er-tablets/"


def test_a_kept_page_whose_monograph_is_unpublished_is_404(client, loaded, kept):
    content = loaded
    content.write("otherazepam")  # not every page unpublished at once
    content.load()
    client.get(PAGE)
    content.remove("testazepam")
    content.load()
    assert client.get(PAGE).status_code == 404


def test_a_kept_page_whose_monograph_becomes_a_draft_is_404(client, loaded, kept):
    content = loaded
    content.write("otherazepam")
    content.write(status="draft")
    content.load()
    assert client.get(PAGE).status_code == 404


def test_a_load_is_served_at_once_and_then_kept(client, loaded, kept, resolved):
    loaded.write(summary="Testazepam is a made-up medicine. This summary was corrected.",
                 reviewed_on="2026-05-01", changes="Summary corrected.")
    loaded.load()
    changed = client.get(PAGE)
    assert b"was corrected" in changed.content and changed["ETag"] != kept["ETag"]
    assert resolved == [PAGE]  # the old page was not answered
    again = client.get(PAGE)
    assert again.content == changed.content and resolved == [PAGE]


def test_a_view_inside_another_decorator_is_resolved_and_keeps_its_headers(
        client, loaded, resolved):
    # read_only adds Access-Control-Allow-Origin around the cached view: the middleware
    # cannot add it, so the API is answered by its view (from the kept page) every time.
    url = "/api/v1/monographs/testazepam"
    first, second = client.get(url), client.get(url)
    assert resolved == [url, url]
    assert second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"
    not_modified = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"


def test_a_page_asked_for_on_another_host_is_rendered_for_it(client, kept, settings,
                                                               resolved):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert client.get(PAGE, HTTP_HOST="other.example").status_code == 200
    assert resolved == [PAGE]


def test_a_kept_page_is_the_same_in_any_language_as_the_rendered_one(client, kept):
    # One language: the view ignores Accept-Language, so the kept page answers any.
    served = client.get(PAGE, headers={"Accept-Language": "fr"})
    assert served.content == kept.content


def test_a_kept_page_sets_no_cookie_and_no_vary(client, kept):
    served = client.get(PAGE)
    assert not served.cookies and "Vary" not in served


def test_clearing_the_page_cache_makes_the_next_request_resolve_again(client, kept,
                                                                       resolved):
    caches["pages"].clear()
    assert client.get(PAGE).status_code == 200
    assert resolved == [PAGE]
    assert len(caching.served) == 1
