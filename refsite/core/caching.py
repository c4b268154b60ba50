"""HTTP caching and consistent reads for pages built from stored content.

Every page is a function of (code release, content revision). A *revision* is one cheap
query, defined by the app that owns the content (`refsite.monographs.revisions`: a
monograph's content hash and update time, or the latest ContentLoad for pages that list
many monographs). From it come the ETag, Last-Modified, the 304 answer and the
key of the rendered page in the "pages" cache, so:

- a content load changes the revision, hence the ETag and the cache key: stale pages
  are never read, and nothing has to be purged on any app server;
- a cache hit costs one indexed query (remembered for a second) and a dictionary
  lookup, and a page this process served lately is answered before URL resolution
  (`ServedPagesMiddleware`);
- a miss renders inside `read_snapshot()`, so the page shows one published state even
  while `load_content` commits a new one.

Views opt in with one decorator, e.g. for a JSON view of one monograph:

    @revision_cached(monograph_revision)
    def monograph_json(request, slug): ...

and `@revision_cached(collection_revision)` for anything listing monographs.
"""

import contextlib
import datetime
import functools
import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

PAGE_CACHE = "pages"
# Response headers a cached page keeps; per-request ones (cookies, Vary, CSP) are not
# stored, the middleware adds the latter to every response anyway.
# The revision's own (ETag, Last-Modified, Cache-Control) are stored too: the same for
# every request of that revision.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "ETag", "Last-Modified",
                 "Cache-Control")


@dataclass(frozen=True)
class ContentRevision:
    """What one response's content depends on, besides the code."""

    key: str
    last_modified: datetime.datetime | None = None

    @functools.cached_property
    def etag(self):
        digest = hashlib.sha256(f"{release()}\0{self.key}".encode()).hexdigest()
        return f'"{digest[:32]}"'

    @functools.cached_property
    def last_modified_timestamp(self):
        return int(self.last_modified.timestamp()) if self.last_modified else None

    @functools.cached_property
    def last_modified_header(self):
        return http_date(self.last_modified_timestamp) if self.last_modified else None


class _RevisionMemo:
    """Revisions remembered for settings.REVISION_TTL seconds in this process.

    Looking a revision up is one indexed query, yet on a cache hit that round trip is
    most of the work left. Remembering it for a second lets a worker answer a busy page
    from memory; a content load then reaches each process within that second (and this
    process at once: `forget` runs when a ContentLoad commits here). A remembered
    revision is always a whole published state, so readers still see old or new pages,
    never a mix. Inside a read snapshot the memo is bypassed.
    """

    MAX_ENTRIES = 20000

    def __init__(self):
        self._entries = {}

    def get(self, key, read):
        ttl = settings.REVISION_TTL
        if ttl <= 0 or connection.in_atomic_block:
            return read(key[1])
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = read(key[1])
        if value is not None:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now + ttl, value)
        return value

    def forget(self):
        self._entries.clear()


memo = _RevisionMemo()


@functools.cache
def release():
    """settings.RELEASE, or a digest of the code, templates and static files, so a
    deploy that changes how pages look changes every ETag and cache key."""
    if settings.RELEASE:
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in (("refsite", "*.py"), ("templates", "*"), ("static", "*")):
        for path in sorted((base / folder).rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def read_snapshot():
    """Run reads in one transaction that sees one committed state of the database.

    PostgreSQL's default READ COMMITTED gives each statement its own snapshot, so a page
    read in several queries could mix two loads; REPEATABLE READ READ ONLY pins one
    snapshot for all of them (and never blocks or fails for a read-only transaction).
    SQLite transactions are snapshots already. Inside an outer transaction (tests,
    ATOMIC_REQUESTS) the outer one decides.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class _Page(NamedTuple):
    """One page as this process serves it: the revision it was rendered from, the
    headers it is served with (the revision's among them) and the body."""

    revision: str
    headers: tuple
    content: bytes
    # (revision_func, args, kwargs) when the address resolves straight to the
    # decorated view: then ServedPagesMiddleware may answer it before URL resolution.
    route: tuple | None = None


class _ServedPages:
    """The pages this process served last, kept as the objects it serves them from.

    A get from the "pages" cache validates and prefixes a key and unpickles a copy of
    the 30-60 KB body (LocMemCache; a shared cache adds a round trip), which cost as
    much as the rest of a hit. Each page is kept under its address (`_address`) with
    the revision it was rendered from, and served only while that is still the
    revision: a content load or a deploy can never serve a stale page, and a newer
    revision of an address replaces the older one. Bounded in entries and in bytes
    (a very large page, such as a long listing, is not kept at all); when full, the
    oldest goes. Whatever is not here is still in the "pages" cache.
    """

    MAX_ENTRIES = 64
    MAX_BYTES = 8 * 1024 * 1024
    MAX_PAGE_BYTES = MAX_BYTES // 16

    def __init__(self):
        self._pages = {}
        self._bytes = 0
        self._lock = threading.Lock()  # for put and clear; get needs none

    def get(self, address):
        return self._pages.get(address)

    def put(self, address, page):
        size = len(page.content)
        if size > self.MAX_PAGE_BYTES:
            return
        with self._lock:
            self._drop(address)
            while self._pages and (len(self._pages) >= self.MAX_ENTRIES
                                   or self._bytes + size > self.MAX_BYTES):
                self._drop(next(iter(self._pages)))
            self._pages[address] = page
            self._bytes += size

    def _drop(self, address):
        page = self._pages.pop(address, None)
        if page is not None:
            self._bytes -= len(page.content)

    def __len__(self):
        return len(self._pages)

    @property
    def size(self):
        """Bytes of page bodies kept."""
        return self._bytes

    def clear(self):
        with self._lock:
            self._pages.clear()
            self._bytes = 0


served = _ServedPages()


class PageCache(LocMemCache):
    """The "pages" cache of one process (settings.CACHES): clearing it also forgets
    the pages kept in `served`, so a cleared cache renders every page again."""

    def clear(self):
        super().clear()
        served.clear()


def _address(request):
    """What a page depends on besides its revision: the release and the address as the
    request names it.

    The host is the one the request names, unvalidated: the common middleware has
    validated it already, checking again cost more than the rest of the key, and a page
    is only ever stored under the address it was rendered for. For the same reason the
    path and query are taken as they came, undecoded. The path is there whole (the
    page's links start with the script name) and as the URL resolver reads it."""
    return (release(), request.scheme, request._get_raw_host(), request.path,
            request.path_info, request.META.get("QUERY_STRING", ""))


def _cache_key(revision, address):
    """The "pages" cache's key for a page: a digest, short and safe for any backend."""
    return hashlib.sha256("\0".join((revision.key, *address)).encode()).hexdigest()


def _personal(request, response):
    """Whether the response is for this visitor only: it sets a cookie, or used the
    session or the CSRF token (whose middleware adds the cookie and Vary later)."""
    session = getattr(request, "session", None)
    return bool(response.cookies or response.has_header("Vary")
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or (session is not None and session.accessed))


# The request headers Django's conditional-response check reads: without any of them it
# can only say "go on", so a plain GET skips it.
_CONDITIONAL_HEADERS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
                        "HTTP_IF_UNMODIFIED_SINCE")


def _add_http_caching(response, revision):
    response["ETag"] = revision.etag
    if revision.last_modified:
        response["Last-Modified"] = revision.last_modified_header
    if response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, max_age=settings.CACHE_MAX_AGE,
                            s_maxage=settings.CACHE_S_MAXAGE)
    else:
        response["Cache-Control"] = (f"public, max-age={settings.CACHE_MAX_AGE}, "
                                     f"s-maxage={settings.CACHE_S_MAXAGE}")
    return response


def _not_modified(request, revision):
    """304 (with the revision's validators) or 412 when the request's conditions say
    so, else None."""
    meta = request.META
    if not any(header in meta for header in _CONDITIONAL_HEADERS):
        return None
    response = get_conditional_response(request, etag=revision.etag,
                                        last_modified=revision.last_modified_timestamp)
    if response is not None and response.status_code == 304:
        _add_http_caching(response, revision)
    return response


def _serve(page):
    # Stored with every header it is served with (the revision's among them): no
    # template, no query, no header built again.
    return HttpResponse(page.content, headers=page.headers)


def revision_cached(revision_func):
    """Decorate a GET view whose output depends only on `revision_func`'s revision.

    `revision_func(request, *args, **kwargs)` returns a ContentRevision, or None when
    the view must decide itself (404, redirect): then the view runs uncached. Responses
    get ETag, Last-Modified and public Cache-Control; conditional requests get 304; 200
    responses are kept in the "pages" cache under the revision's key, and in `served`.
    When the URL resolves straight to this view (no other decorator around it), the
    served page also remembers how its revision is found, so that ServedPagesMiddleware
    can answer the next request for it before URL resolution.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            revision = revision_func(request, *args, **kwargs)
            if revision is None:
                with read_snapshot():
                    return view(request, *args, **kwargs)
            not_modified = _not_modified(request, revision)
            if not_modified is not None:
                return not_modified
            address = _address(request)
            page = served.get(address)
            if page is not None and page.revision == revision.key:
                return _serve(page)
            match = request.resolver_match
            route = ((revision_func, args, kwargs)
                     if match is not None and match.func is wrapper else None)
            stored = caches[PAGE_CACHE].get(_cache_key(revision, address))
            if stored is not None:
                page = _Page(revision.key, *stored, route)
                served.put(address, page)
                return _serve(page)
            with read_snapshot():
                # Read the revision again inside the snapshot the page is built from, so
                # the ETag and cache key name exactly what the body shows.
                revision = revision_func(request, *args, **kwargs)
                response = view(request, *args, **kwargs)
            if (revision is None or response.status_code != 200
                    or _personal(request, response)):
                return response
            response = _add_http_caching(response, revision)
            if not response.streaming:
                headers = tuple((h, response[h]) for h in _KEPT_HEADERS
                                if response.has_header(h))
                caches[PAGE_CACHE].set(_cache_key(revision, address),
                                       (headers, response.content))
                served.put(address, _Page(revision.key, headers, response.content, route))
            return response

        return wrapper

    return decorator


class ServedPagesMiddleware:
    """Answer a request for a page this process serves from `served` before the URL is
    resolved, the way Django's FetchFromCacheMiddleware answers from its cache.

    For a cached page, resolving the URL (a namespaced pattern with a converter) and
    calling the view through its decorator cost more than the rest of the hit together.
    Here a GET or HEAD looks its address up (a miss for every other page is one
    dictionary lookup); a page kept with its route (the address resolved straight to a
    `revision_cached` view) has its revision found as that view would find it, and is
    answered exactly as the view would answer: the page as stored, or 304/412 for a
    conditional request, only while the revision is the one it was rendered from.
    Anything else goes on to the view, which renders, stores and decides as before.

    Must be the last in MIDDLEWARE: every other middleware's request and response steps
    still run for the pages it answers (the host is validated, security headers and the
    CSP are added), only the view middleware does not, which for GET and HEAD here
    does nothing (ReadOnlySite and the CSRF check let them through).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            page = served.get(_address(request))
            if page is not None and page.route is not None:
                revision_func, args, kwargs = page.route
                revision = revision_func(request, *args, **kwargs)
                if revision is not None and revision.key == page.revision:
                    not_modified = _not_modified(request, revision)
                    return _serve(page) if not_modified is None else not_modified
        return self.get_response(request)
