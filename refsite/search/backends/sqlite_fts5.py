"""The SQLite backend: FTS5 with bm25, and an FTS5 trigram table plus rapidfuzz for
misspelled names.

Two FTS5 tables (created by migration 0001, on SQLite only) hold copies of the index
rows under the same rowids: `search_entry_fts` (names, class, title, body) and
`search_name_fts` (name keys, trigram-tokenized). They are written here, in the
caller's transaction, rather than by triggers, which SQLite drops whenever a later
migration rebuilds the table they watch.

For misspellings the trigram table says which names share a letter run with the query
(rowids only); the names themselves, to score with rapidfuzz, come from this process's
memory (`search.names`): reading thousands of their keys back from SQLite would cost
more than the ranking.
"""

import json

from django.db import connection
from rapidfuzz import fuzz, process

from .. import names
from ..models import SearchEntry, SearchName
from ..query import AND, is_prefix
from ..sql import HIT_COLUMNS, HIT_JOINS

SPAN = SearchEntry.POSITIONS
FUZZY_MIN_SCORE = 75  # rapidfuzz ratio, 0..100

# Plain SQL with fixed table names; every value, the MATCH expressions included, is a
# parameter. bm25 weights in column order: names 10, drug_class 4, title 3, body 1.
# A rowid is a SearchEntry id, monograph id * POSITIONS + position (make_id), so
# ranking never reads the index rows themselves. Each monograph appears once, at its
# best row (SQLite takes a bare column from the row holding the MIN), or at its page
# top (position 0) when its names or its class match every word. The full-text query
# groups its own matches: its `rank` column, set to those bm25 weights by the second
# argument, may be aggregated where a bm25() call may not, so no copy of every match is
# written first.
# `best` is read twice (the page and the total) and built once (MATERIALIZED, SQLite
# 3.35+). Only the page's rows are joined to what a hit shows. Lists of ids travel as
# one JSON array (json_each).
RANK = "bm25(10.0, 4.0, 3.0, 1.0)"
RANKED_SQL = f"""
WITH named AS (
    SELECT rowid / %s AS monograph_id FROM search_entry_fts(%s) WHERE rowid %% %s = 0
), classed AS (
    SELECT rowid / %s AS monograph_id FROM search_entry_fts(%s) WHERE rowid %% %s = 0
), best AS MATERIALIZED (
    SELECT rowid / %s AS monograph_id, rowid AS id, MIN(rank) AS score,
           rowid / %s IN named AS name_hit, rowid / %s IN classed AS class_hit
    FROM search_entry_fts(%s, '{RANK}') GROUP BY 1
), page AS (
    SELECT CASE WHEN name_hit OR class_hit THEN monograph_id * %s ELSE id END AS id,
           monograph_id, name_hit, class_hit, score,
           monograph_id IN (SELECT monograph_id FROM search_searchname WHERE key = %s)
               AS exact
    FROM best
    ORDER BY exact DESC, name_hit DESC, class_hit DESC, score, monograph_id
    LIMIT %s OFFSET %s
)
SELECT (SELECT count(*) FROM best), {HIT_COLUMNS}
FROM page {HIT_JOINS.format(entry_id="page.id", monograph_id="page.monograph_id")}
ORDER BY page.exact DESC, page.name_hit DESC, page.class_hit DESC, page.score,
         page.monograph_id
"""  # noqa: S608 - fixed fragments; values are parameters
COUNT_SQL = "SELECT count(DISTINCT rowid / %s) FROM search_entry_fts(%s)"
# The usual request, a first page of monographs whose names do not match, rarely needs
# every match grouped: grouping sorts them all by monograph, most of the cost beyond the
# bare bm25 query. Instead the best TOP_FACTOR entries per place on the page are kept,
# as the bare query keeps its 20 (SQLite's top-N sorter), ordered by (bm25, rowid);
# a monograph's first entry among them is its best (the lowest rowid among equal
# scores, as MIN keeps the first of equal rows in RANKED_SQL, which reads the matches
# in rowid order), and the order of first entries is the order by (score, monograph
# id). That is the page RANKED_SQL gives whenever the kept entries hold offset + limit
# monographs or are every match; otherwise, or when a name or class may match (those
# rank first, by a score of all their entries; one probe of both columns asks), RANKED_SQL
# runs instead. The total is counted without bm25.
TOP_FACTOR = 8
TOP_MAX_PLACES = 100  # deeper pages keep too many entries to gain: RANKED_SQL
TOP_SQL = f"""
WITH gate AS (
    SELECT NOT EXISTS (SELECT 1 FROM search_entry_fts(%s) WHERE rowid %% %s = 0)
       AND NOT EXISTS (SELECT 1 FROM search_searchname WHERE key = %s) AS open
), top AS (
    SELECT rowid AS id, bm25(search_entry_fts, 10.0, 4.0, 3.0, 1.0) AS score
    FROM search_entry_fts(%s) WHERE (SELECT open FROM gate)
    ORDER BY score, rowid LIMIT %s
), firsts AS (
    SELECT id / %s AS monograph_id, id, MIN(score) AS score FROM top GROUP BY 1
), page AS (
    SELECT monograph_id, id, score FROM firsts
    ORDER BY score, monograph_id LIMIT %s OFFSET %s
)
SELECT (SELECT count(DISTINCT rowid / %s) FROM search_entry_fts(%s)),
       (SELECT count(*) FROM firsts), (SELECT count(*) FROM top), {HIT_COLUMNS}
FROM page {HIT_JOINS.format(entry_id="page.id", monograph_id="page.monograph_id")}
ORDER BY page.score, page.monograph_id
"""  # noqa: S608 - fixed fragments; values are parameters
SIMILAR_NAMES_CANDIDATES_SQL = "SELECT rowid FROM search_name_fts(%s)"
REFRESH_SQL = [
    """INSERT INTO search_entry_fts (rowid, names, drug_class, title, body)
       SELECT id, names, drug_class, title, body FROM search_searchentry
       WHERE monograph_id IN (SELECT value FROM json_each(%s))""",
    """INSERT INTO search_name_fts (rowid, key)
       SELECT id, key FROM search_searchname
       WHERE monograph_id IN (SELECT value FROM json_each(%s))""",
]
FORGET_ENTRIES_SQL = "DELETE FROM search_entry_fts WHERE rowid BETWEEN %s AND %s"
FORGET_NAMES_SQL = """
DELETE FROM search_name_fts WHERE rowid IN (
    SELECT id FROM search_searchname WHERE monograph_id IN (SELECT value FROM json_each(%s)))
"""


PRUNE_SQL = [
    "DELETE FROM search_entry_fts WHERE rowid NOT IN (SELECT id FROM search_searchentry)",
    "DELETE FROM search_name_fts WHERE rowid NOT IN (SELECT id FROM search_searchname)",
]


def _phrase(text, prefix=False):
    """One FTS5 string token: double quotes escaped by doubling, so nothing inside can
    act as an operator, a column filter or a bracket."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _group(alternatives):
    """One group of the query: any of its words or phrases (an FTS5 string of several
    words is a phrase)."""
    parts = [_phrase(a, prefix=is_prefix(a)) for a in alternatives]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def match_expression(terms, op=AND):
    joiner = " OR " if op != AND else " AND "
    return joiner.join(_group(g) for g in terms.groups)


def names_expression(terms, columns="names"):
    """Every group of the query within `columns` (FTS5 column filter)."""
    return "{" + columns + "} : (" + match_expression(terms, AND) + ")"


def ranked(terms, op, limit, offset):
    """([row of HIT_COLUMNS], monographs matched) for one page: each monograph once,
    at its best entry (the page top when its names matched)."""
    found = top_page(terms, op, limit, offset)
    return found if found is not None else grouped_page(terms, op, limit, offset)


def top_page(terms, op, limit, offset):
    """What `ranked` returns, from the best entries only (TOP_SQL), or None when they
    cannot tell."""
    if offset + limit > TOP_MAX_PLACES:
        return None
    expression = match_expression(terms, op)
    kept = TOP_FACTOR * (offset + limit)
    with connection.cursor() as cursor:
        cursor.execute(TOP_SQL, [names_expression(terms, "names drug_class"), SPAN,
                                 terms.key, expression, kept, SPAN, limit, offset, SPAN,
                                 expression])
        rows = cursor.fetchall()
    if rows and (rows[0][1] >= offset + limit or rows[0][2] < kept):
        return [row[3:] for row in rows], rows[0][0]
    return None


def grouped_page(terms, op, limit, offset):
    """What `ranked` returns, from every match grouped by monograph (RANKED_SQL)."""
    expression = match_expression(terms, op)
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL, [SPAN, names_expression(terms), SPAN,
                                    SPAN, names_expression(terms, "drug_class"), SPAN,
                                    SPAN, SPAN, SPAN, expression, SPAN, terms.key,
                                    limit, offset])
        rows = cursor.fetchall()
        if rows or not offset:
            return [row[1:] for row in rows], (rows[0][0] if rows else 0)
        cursor.execute(COUNT_SQL, [SPAN, expression])  # past the last page
        return [], cursor.fetchone()[0]


def _grams(word):
    """Substrings that a close misspelling keeps: 4 letters long (selective) for long
    words, 3 for short ones, where one typo breaks every 4-letter run."""
    size = 3 if len(word) <= 6 else 4
    return {word[i:i + size] for i in range(len(word) - size + 1)}


def similar_names(terms, limit):
    """[(monograph id, name, kind, score)] best first: names sharing a 3- or 4-letter
    run with a query word (found in the trigram table), scored by rapidfuzz."""
    words = terms.fuzzy_words
    grams = set().union(*(_grams(w) for w in words)) if words else set()
    if not grams:
        return []
    expression = " OR ".join(_phrase(g) for g in sorted(grams))
    with connection.cursor() as cursor:
        cursor.execute(SIMILAR_NAMES_CANDIDATES_SQL, [expression])
        candidates = [row[0] for row in cursor.fetchall()]
    if not candidates:
        return []
    rows_by_id = names.current().rows
    keys = {i: rows_by_id[i][0] for i in candidates if i in rows_by_id}
    scores = {}
    for word in words:
        for _key, score, name_id in process.extract(
                word, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_MIN_SCORE):
            scores[name_id] = max(score, scores.get(name_id, 0))
    rows = [(*rows_by_id[i][1:], scores[i] / 100) for i in sorted(scores)]
    rows.sort(key=lambda row: (-row[3], row[2] != SearchName.Kind.GENERIC, row[1]))
    return rows[:limit]


def refresh(monograph_ids):
    """Copy the monographs' index rows (just written) into the FTS5 tables."""
    ids = json.dumps(list(monograph_ids))
    with connection.cursor() as cursor:
        for sql in REFRESH_SQL:
            cursor.execute(sql, [ids])


def forget(monograph_ids):
    """Remove the monographs' FTS5 rows (any left over too); the caller then deletes
    the index rows."""
    with connection.cursor() as cursor:
        cursor.executemany(FORGET_ENTRIES_SQL,
                           [(m * SPAN, (m + 1) * SPAN - 1) for m in monograph_ids])
        cursor.execute(FORGET_NAMES_SQL, [json.dumps(list(monograph_ids))])


def analyze():
    """Nothing: SQLite plans these statements without statistics (FTS5 ranks its own
    matches, and the names are read whole)."""


def prune():
    """Drop FTS5 rows whose index row is gone. Bulk deletes that send no signals (a
    `flush`, as test runs do between transactional tests; raw SQL) leave such rows, and
    a stale row would be counted, or matched to a later monograph with the same id."""
    with connection.cursor() as cursor:
        for sql in PRUNE_SQL:
            cursor.execute(sql)
