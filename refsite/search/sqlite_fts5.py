"""The SQLite backend: FTS5 with bm25, and an FTS5 trigram table plus rapidfuzz for
misspelled names.

Two FTS5 tables (created by migration 0001, on SQLite only) hold copies of the index
rows under the same rowids: `search_entry_fts` (names, class, title, body) and
`search_name_fts` (name keys, trigram-tokenized). They are written here, in the
caller's transaction, rather than by triggers, which SQLite drops whenever a later
migration rebuilds the table they watch.
"""

import json

from django.db import connection
from rapidfuzz import fuzz

from .models import SearchName
from .search import AND, MARK_END, MARK_START, MIN_PREFIX

SNIPPET_TOKENS = 24
FUZZY_CANDIDATES = 200
FUZZY_MIN_SCORE = 75  # rapidfuzz ratio, 0..100

# Plain SQL with fixed table names; every value, the MATCH expressions included, is a
# parameter. bm25 weights in column order: names 10, drug_class 4, title 3, body 1.
# Lists of ids travel as one JSON array parameter (json_each).
RANKED_SQL = """
WITH named AS (
    SELECT rowid FROM search_entry_fts(%s)
), hits AS (
    SELECT e.id, e.monograph_id, e.position, f.score, e.id IN named AS name_hit
    FROM (
        SELECT rowid, bm25(search_entry_fts, 10.0, 4.0, 3.0, 1.0) AS score
        FROM search_entry_fts(%s)
    ) AS f
    JOIN search_searchentry AS e ON e.id = f.rowid
), best AS (
    SELECT id, monograph_id, score, name_hit,
           ROW_NUMBER() OVER (
               PARTITION BY monograph_id
               ORDER BY (name_hit AND position = 0) DESC, score, position
           ) AS n
    FROM hits
)
SELECT id, monograph_id, name_hit, COUNT(*) OVER () AS total
FROM best
WHERE n = 1
ORDER BY monograph_id IN (SELECT monograph_id FROM search_searchname WHERE key = %s) DESC,
         name_hit DESC, score, monograph_id
LIMIT %s OFFSET %s
"""
SNIPPETS_SQL = """
SELECT rowid, snippet(search_entry_fts, 3, %s, %s, '…', %s)
FROM search_entry_fts(%s)
WHERE rowid IN (SELECT value FROM json_each(%s))
"""
SIMILAR_NAMES_SQL = """
SELECT n.monograph_id, n.name, n.key, n.kind
FROM search_name_fts(%s) AS f JOIN search_searchname AS n ON n.id = f.rowid
ORDER BY bm25(search_name_fts)
LIMIT %s
"""
REFRESH_SQL = [
    """INSERT INTO search_entry_fts (rowid, names, drug_class, title, body)
       SELECT id, names, drug_class, title, body FROM search_searchentry
       WHERE monograph_id IN (SELECT value FROM json_each(%s))""",
    """INSERT INTO search_name_fts (rowid, key)
       SELECT id, key FROM search_searchname
       WHERE monograph_id IN (SELECT value FROM json_each(%s))""",
]
FORGET_SQL = [
    """DELETE FROM search_entry_fts WHERE rowid IN (
       SELECT id FROM search_searchentry
       WHERE monograph_id IN (SELECT value FROM json_each(%s)))""",
    """DELETE FROM search_name_fts WHERE rowid IN (
       SELECT id FROM search_searchname
       WHERE monograph_id IN (SELECT value FROM json_each(%s)))""",
]


def _phrase(text, prefix=False):
    """One FTS5 string token: double quotes escaped by doubling, so nothing inside can
    act as an operator, a column filter or a bracket."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def match_expression(terms, op=AND):
    joiner = " OR " if op != AND else " AND "
    return joiner.join(_phrase(w, prefix=len(w) >= MIN_PREFIX) for w in terms.words)


def names_expression(terms):
    return "{names} : (" + match_expression(terms, AND) + ")"


def ranked(terms, op, limit, offset):
    """([(entry id, monograph id, name_hit)], monographs matched) for one page: each
    monograph once, at its best entry (the page top when its names matched)."""
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL, [names_expression(terms), match_expression(terms, op),
                                    terms.key, limit, offset])
        rows = cursor.fetchall()
    total = rows[0][3] if rows else 0
    return [(r[0], r[1], bool(r[2])) for r in rows], total


def snippets(terms, op, entry_ids):
    """{entry id: body text around the matches, matches between the MARK_ characters}."""
    if not entry_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(SNIPPETS_SQL, [MARK_START, MARK_END, SNIPPET_TOKENS,
                                      match_expression(terms, op), json.dumps(entry_ids)])
        return dict(cursor.fetchall())


def _trigrams(word):
    return {word[i:i + 3] for i in range(len(word) - 2)}


def similar_names(terms, limit):
    """[(monograph id, name, kind, score)] best first: candidates sharing trigrams with
    the query's words (from the trigram table, best bm25 first), scored by rapidfuzz."""
    words = terms.fuzzy_words
    grams = set().union(*(_trigrams(w) for w in words)) if words else set()
    if not grams:
        return []
    expression = " OR ".join(_phrase(g) for g in sorted(grams))
    with connection.cursor() as cursor:
        cursor.execute(SIMILAR_NAMES_SQL, [expression, FUZZY_CANDIDATES])
        candidates = cursor.fetchall()
    scored = []
    for monograph_id, name, key, kind in candidates:
        score = max(fuzz.ratio(word, key) for word in words)
        if score >= FUZZY_MIN_SCORE:
            scored.append((monograph_id, name, kind, score / 100))
    scored.sort(key=lambda row: (-row[3], row[2] != SearchName.Kind.GENERIC, row[1]))
    return scored[:limit]


def refresh(monograph_ids):
    """Copy the monographs' index rows (just written) into the FTS5 tables."""
    _execute_each(REFRESH_SQL, monograph_ids)


def forget(monograph_ids):
    """Remove the monographs' FTS5 rows; the caller then deletes the index rows."""
    _execute_each(FORGET_SQL, monograph_ids)


def _execute_each(statements, monograph_ids):
    ids = json.dumps(list(monograph_ids))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [ids])
