"""The revisions pages depend on: one cheap query each, remembered for a second.

A monograph page depends on that monograph's content hash (and the date, for the
overdue notice, and when what it says about its cited labels last changed); a page
listing monographs depends on the latest ContentLoad (and any page's label state). The
machinery that turns a revision into ETags, 304s and cached pages is generic and
lives in `refsite.core.caching`.
"""

import datetime
import functools

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from refsite.core.caching import ContentRevision, memo

from . import labels
from .models import ContentLoad, Monograph


def monograph_revision(request=None, slug=None, **kwargs):
    """Revision of one published monograph page, or None (unknown slug, alias, draft)."""
    return memo.get(("monograph", slug), _read_monograph_revision)


def collection_revision(request=None, *args, **kwargs):
    """Revision of the whole published set: every load that changed anything makes one."""
    return memo.get(("collection", None), _read_collection_revision)


def _read_monograph_revision(slug):
    row = _fetch_one("monograph", slug)
    if row is None:
        return None
    # The date is part of the key because the page shows a notice once its review date
    # has passed: the content stays the same, the page does not. So is the label stamp:
    # a cited label revised after the review adds a notice to the same content.
    stamp = _aware(row[2]) if len(row) > 2 else None
    return ContentRevision(
        f"monograph:{slug}:{row[0]}:{timezone.localdate()}:{_text(stamp)}",
        _latest(_aware(row[1]), stamp))


def _read_collection_revision(_):
    row = _fetch_one("collection")
    if row is None:
        return ContentRevision("collection:empty")
    created_at = _aware(row[1])
    stamp = _aware(row[2]) if len(row) > 2 else None
    return ContentRevision(f"collection:{row[0]}:{created_at.isoformat()}:{_text(stamp)}",
                           _latest(created_at, stamp))


@receiver(post_save, sender=ContentLoad)
def _forget_revisions(**kwargs):
    transaction.on_commit(memo.forget)


_SLUG_PLACEHOLDER = "\0slug\0"


def _with_stamp(query, stamp, *fields):
    """`fields` of `query`, plus the label stamp expression when label watch provides one."""
    if stamp is None:
        return query.values_list(*fields)[:1]
    return query.annotate(label_stamp=stamp).values_list(*fields, "label_stamp")[:1]


_REVISION_QUERIES = {
    "monograph": lambda: _with_stamp(
        Monograph.objects.published().filter(slug=_SLUG_PLACEHOLDER).order_by(),
        labels.page_stamp(), "content_hash", "updated_at"),
    "collection": lambda: _with_stamp(ContentLoad.objects.order_by("-id"),
                                      labels.collection_stamp(), "id", "created_at"),
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


def _latest(*moments):
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _text(moment):
    return moment.isoformat() if moment else ""


def _aware(value):
    """A datetime from a raw row: SQLite hands back text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
