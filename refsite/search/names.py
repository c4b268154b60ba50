"""The names a reader may type, held in this process's memory per version of the
published set: every indexed name (generic, brand, synonym, listed misspelling) with
the Listing of its monograph, the names of drafts, and how many medicines are
published.

Reading a query (`understand`) looks each run of its words up here and the SQLite
backend scores misspellings against these names, so neither needs a database round
trip: on PostgreSQL, looking up even one name in the database cost about 0.4 ms, most
of what reading a query cost (benchmarks/search_bench.py).

The version is the newest ContentLoad (its time tells apart ids SQLite reuses after a
rollback) and the newest name row (an index rebuilt by a load that changed no
content). It is remembered for a second like the pages' revisions (`core.caching.memo`,
outside a transaction), so a busy worker reads it once a second, not once a search: a
load committed in this process is seen at once, in another process within that
second, as its pages are. Reindexing or deleting a monograph in this process drops the
names at once (`forget`): the next search reads them again.
"""

from dataclasses import dataclass

from django.db import connection

from refsite.core.caching import memo
from refsite.monographs.models import Monograph

from .query import normalize
from .sql import LISTING_COLUMNS, Listing

VERSION_SQL = """
SELECT (SELECT max(id) FROM monographs_contentload),
       (SELECT max(created_at) FROM monographs_contentload),
       (SELECT max(id) FROM search_searchname)
"""
# Only published monographs have index rows. In key and id order, so a key's names
# come in the same order on both databases.
PUBLISHED_SQL = f"""
SELECT n.id, n.key, n.kind, n.name, n.monograph_id, {LISTING_COLUMNS}
FROM search_searchname n JOIN monographs_monograph m ON m.id = n.monograph_id
ORDER BY n.key, n.id
"""  # noqa: S608 - fixed fragments
# A draft's generic name and aliases, each with the draft's generic name.
DRAFTS_SQL = """
SELECT m.generic_name, m.generic_name FROM monographs_monograph m
WHERE m.status = %s AND m.is_active
UNION ALL
SELECT a.name, m.generic_name FROM monographs_alias a
JOIN monographs_monograph m ON m.id = a.monograph_id
WHERE m.status = %s AND m.is_active
"""
PUBLISHED_COUNT_SQL = "SELECT count(*) FROM monographs_monograph WHERE status = %s AND is_active"
_MEMO_KEY = ("search-names", None)


@dataclass(frozen=True)
class Names:
    """`published`: {name key: (kind, Listing, kind, Listing, ...)}, flat (one tuple
    per name, not one per name and kind: see `pairs`); `drafts`: {normalized name of a
    draft: its generic name}; `published_count`: how many medicines refsite publishes;
    `rows`: {name id: (key, monograph id, name, kind)} on SQLite, whose backend scores
    misspellings here (PostgreSQL's pg_trgm scores them in the database), else {}."""

    published: dict
    drafts: dict
    published_count: int
    rows: dict


_held = (None, None)  # (version, Names): replaced whole, so readers see one pair


def current():
    """The Names of the published set as it is now (see the module docstring)."""
    global _held
    version = memo.get(_MEMO_KEY, _read_version)
    held_version, names = _held
    if names is None or held_version != version:
        names = _read()
        _held = (version, names)
    return names


def forget():
    """Drop this process's names: the index or the drafts changed here, perhaps without
    a new version (a reindex that changed no content, a deletion outside the loader)."""
    global _held
    _held = (None, None)


def _read_version(_):
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return tuple(cursor.fetchone())


def _read():
    """Names read from the database, held compactly: at 10,000 monographs they are
    about 30,000, so each monograph's Listing, its id, each kind and each name equal
    to its key is one object, shared."""
    published, rows, listings, kinds, ids = {}, {}, {}, {}, {}
    scored_here = connection.vendor == "sqlite"
    draft = Monograph.Status.DRAFT
    with connection.cursor() as cursor:
        cursor.execute(PUBLISHED_SQL)
        for name_id, key, kind, name, monograph_id, *listing in cursor.fetchall():
            kind = kinds.setdefault(kind, kind)
            found = listings.get(monograph_id)
            if found is None:
                found = listings[monograph_id] = Listing.read(*listing)
            published[key] = published.get(key, ()) + (kind, found)
            if scored_here:
                monograph_id = ids.setdefault(monograph_id, monograph_id)
                rows[name_id] = (key, monograph_id, key if name == key else name, kind)
        cursor.execute(DRAFTS_SQL, [draft, draft])
        drafts = {normalize(name): generic for name, generic in cursor.fetchall()}
        cursor.execute(PUBLISHED_COUNT_SQL, [Monograph.Status.REVIEWED])
        count = cursor.fetchone()[0]
    return Names(published, drafts, count, rows)
