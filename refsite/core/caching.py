"""HTTP caching and consistent reads for pages built from stored content.

Every page is a function of (code release, content revision). A *revision* is one cheap
query: a monograph's content hash and update time, or the latest ContentLoad for pages
that list many monographs. From it come the ETag, Last-Modified, the 304 answer and the
key of the rendered page in the "pages" cache, so:

- a content load changes the revision, hence the ETag and the cache key: stale pages
  are never read, and nothing has to be purged on any app server;
- a cache hit costs one indexed query and a dictionary lookup;
- a miss renders inside `read_snapshot()`, so the page shows one published state even
  while `load_content` commits a new one.

Views opt in with one decorator, e.g. for a JSON view of one monograph:

    @revision_cached(monograph_revision)
    def monograph_json(request, slug): ...

and `@revision_cached(collection_revision)` for anything listing monographs (a page
showing one monograph and others: `combined(monograph_revision, collection_revision)`).
"""

import contextlib
import datetime
import functools
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from refsite.monographs.models import ContentLoad, Monograph

PAGE_CACHE = "pages"
# Response headers a cached page keeps; per-request ones (cookies, Vary, CSP) are not
# stored, the middleware adds the latter to every response anyway.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


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


def monograph_revision(request=None, slug=None, **kwargs):
    """Revision of one published monograph page, or None (unknown slug, alias, draft)."""
    return _memo.get(("monograph", slug), _read_monograph_revision)


def collection_revision(request=None, *args, **kwargs):
    """Revision of the whole published set: every load that changed anything makes one."""
    return _memo.get(("collection", None), _read_collection_revision)


def combined(*revision_funcs):
    """A revision function for a page built from several revisions, e.g. a monograph
    page that also lists other monographs: `combined(monograph_revision,
    collection_revision)`. None if any part is None (the view decides)."""

    def revision(request=None, *args, **kwargs):
        parts = [func(request, *args, **kwargs) for func in revision_funcs]
        if any(part is None for part in parts):
            return None
        dates = [p.last_modified for p in parts if p.last_modified]
        return ContentRevision("|".join(p.key for p in parts), max(dates, default=None))

    return revision


def _read_monograph_revision(slug):
    row = _fetch_one("monograph", slug)
    if row is None:
        return None
    # The date is part of the key because the page shows a notice once its review date
    # has passed: the content stays the same, the page does not.
    return ContentRevision(f"monograph:{slug}:{row[0]}:{timezone.localdate()}",
                           _aware(row[1]))


def _read_collection_revision(_):
    row = _fetch_one("collection")
    if row is None:
        return ContentRevision("collection:empty")
    created_at = _aware(row[1])
    return ContentRevision(f"collection:{row[0]}:{created_at.isoformat()}", created_at)


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


_memo = _RevisionMemo()


@receiver(post_save, sender=ContentLoad)
def _forget_revisions(**kwargs):
    transaction.on_commit(_memo.forget)


_SLUG_PLACEHOLDER = "\0slug\0"
_REVISION_QUERIES = {
    "monograph": lambda: (Monograph.objects.published().filter(slug=_SLUG_PLACEHOLDER)
                          .order_by().values_list("content_hash", "updated_at")[:1]),
    "collection": lambda: ContentLoad.objects.order_by("-id").values_list("id", "created_at")[:1],
}


@functools.cache
def _compiled(name, vendor):
    """The ORM's SQL for a revision query, built once: building a query through the ORM
    costs several times more than running it, and this runs on every request."""
    sql, params = _REVISION_QUERIES[name]().query.sql_with_params()
    return sql, params


def _fetch_one(name, slug=None):
    sql, params = _compiled(name, connection.vendor)
    params = tuple(slug if p == _SLUG_PLACEHOLDER else p for p in params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _aware(value):
    """A datetime from a raw row: SQLite hands back text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


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


def _page_key(request, revision):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{where}\0{revision.key}".encode()).hexdigest()
    return f"{release()}:{digest}"


def _personal(request, response):
    """Whether the response is for this visitor only: it sets a cookie, or used the
    session or the CSRF token (whose middleware adds the cookie and Vary later)."""
    session = getattr(request, "session", None)
    return bool(response.cookies or response.has_header("Vary")
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or (session is not None and session.accessed))


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


def revision_cached(revision_func, *, cache_pages=True):
    """Decorate a GET view whose output depends only on `revision_func`'s revision.

    `revision_func(request, *args, **kwargs)` returns a ContentRevision, or None when
    the view must decide itself (404, redirect): then the view runs uncached. Responses
    get ETag, Last-Modified and public Cache-Control; conditional requests get 304; 200
    responses are kept in the "pages" cache under the revision's key (turn that off
    with `cache_pages=False` for views whose output is cheap or unbounded).
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
            not_modified = get_conditional_response(
                request, etag=revision.etag, last_modified=revision.last_modified_timestamp)
            if not_modified is not None:  # 304, or 412 for a failed If-Match
                if not_modified.status_code == 304:
                    _add_http_caching(not_modified, revision)
                return not_modified
            cache = caches[PAGE_CACHE]
            cached = cache.get(_page_key(request, revision)) if cache_pages else None
            if cached is not None:
                headers, content = cached
                return _add_http_caching(HttpResponse(content, headers=headers), revision)
            with read_snapshot():
                # Read the revision again inside the snapshot the page is built from, so
                # the ETag and cache key name exactly what the body shows.
                revision = revision_func(request, *args, **kwargs)
                response = view(request, *args, **kwargs)
            if (revision is None or response.status_code != 200
                    or _personal(request, response)):
                return response
            if cache_pages and not response.streaming:
                headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
                cache.set(_page_key(request, revision), (headers, response.content))
            return _add_http_caching(response, revision)

        return wrapper

    return decorator
