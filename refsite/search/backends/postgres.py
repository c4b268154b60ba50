"""The PostgreSQL backend: a weighted tsvector per index row, ts_rank, and pg_trgm
similarity for misspelled names.

`SearchEntry.vector` is computed from SEARCH_VECTOR when rows are written (`refresh`)
and has a GIN index (migration 0001, PostgreSQL only), as has `SearchName.key` with
gin_trgm_ops for the `%` similarity operator.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection

from ..models import SearchEntry, SearchName
from ..query import AND, is_prefix
from ..sql import HIT_COLUMNS, HIT_JOINS

CONFIG = "english"
SEARCH_VECTOR = (
    SearchVector("names", weight="A", config=CONFIG)
    + SearchVector("drug_class", weight="B", config=CONFIG)
    + SearchVector("title", weight="C", config=CONFIG)
    + SearchVector("body", weight="D", config=CONFIG)
)
# ts_rank weights for D, C, B, A. Its normalization 1 divides by 1 + the log of the
# entry's length, so a long Dosing section that says a word in passing does not outrank
# the short section that is about it (as bm25 already does on SQLite); what a medicine
# is for (its Indications) counts double, so "sugar" leads to the diabetes medicine, not
# to another one's dose table that names diabetes.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FUZZY_MIN_SIMILARITY = 0.4


def _lexeme(word, weight=""):
    """One quoted tsquery lexeme: quotes and backslashes escaped, so nothing inside can
    act as an operator; `:*` makes it a prefix, a weight letter limits it to names. A
    quoted phrase of several words becomes their lexemes in a row (`<->`)."""
    text = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    suffix = ("*" if is_prefix(word) else "") + weight
    return f"{text}:{suffix}" if suffix else text


def _group(alternatives, weight):
    parts = [_lexeme(a, weight) for a in alternatives]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def to_query(terms, op=AND, weight=""):
    """The tsquery text (for to_tsquery) of the query's groups of words."""
    joiner = " & " if op == AND else " | "
    return joiner.join(_group(g, weight) for g in terms.groups)


NAMES_WEIGHT, CLASS_WEIGHT = "A", "B"  # as SEARCH_VECTOR weighs them

# Written out rather than built with the ORM (SearchQuery, SearchRank), whose query
# building costs more than the search itself. Every value is a parameter. One row per
# monograph, its best entry (the page top when its names or class match: every entry
# repeats them, so only the page top's are tested, and only a page top can be flagged),
# ranked; among equal ranks the lowest id, which is the lowest position (make_id). The
# count rides on the page in the same pass, and only the page's rows are joined to what
# a hit shows. Ranking the best entries by (rank, id) with a bare top-N sort, as SQLite
# does, was no faster here: the total still needs every match grouped, and keeping the
# matches for it costs what the grouping does (benchmarks/search_bench.py).
RANKED_SQL = f"""
WITH hits AS (
    SELECT e.id, e.monograph_id,
           ts_rank(%s::float4[], e.vector, q.query, 1)
               * CASE WHEN e.anchor = 'indications' THEN 2 ELSE 1 END AS rank,
           e.position = 0 AND e.vector @@ q.names AS name_hit,
           e.position = 0 AND e.vector @@ q.classes AS class_hit
    FROM search_searchentry e,
         (SELECT to_tsquery(%s::regconfig, %s) AS query,
                 to_tsquery(%s::regconfig, %s) AS names,
                 to_tsquery(%s::regconfig, %s) AS classes) AS q
    WHERE e.vector @@ q.query
), best AS (
    SELECT DISTINCT ON (monograph_id) id, monograph_id, name_hit, class_hit, rank
    FROM hits
    ORDER BY monograph_id, name_hit DESC, class_hit DESC, rank DESC, id
), page AS (
    SELECT id, monograph_id, name_hit, class_hit, rank, COUNT(*) OVER () AS total,
           monograph_id IN (SELECT monograph_id FROM search_searchname WHERE key = %s)
               AS exact
    FROM best
    ORDER BY exact DESC, name_hit DESC, class_hit DESC, rank DESC, monograph_id
    LIMIT %s OFFSET %s
)
SELECT page.total, {HIT_COLUMNS}
FROM page {HIT_JOINS.format(entry_id="page.id", monograph_id="page.monograph_id")}
ORDER BY page.exact DESC, page.name_hit DESC, page.class_hit DESC, page.rank DESC,
         page.monograph_id
"""  # noqa: S608 - fixed fragments; values are parameters
COUNT_SQL = """
SELECT count(DISTINCT monograph_id) FROM search_searchentry
WHERE vector @@ to_tsquery(%s::regconfig, %s)
"""
# `%` (written `%%`) is pg_trgm's similarity operator, which the GIN index answers; the
# statement first sets its threshold to FUZZY_MIN_SIMILARITY for the transaction (the
# default, 0.3, makes the index hand over thousands of names to recheck: 16 ms instead
# of 3 for a four-word query on 10,000 monographs), in a one-time filter that the
# executor checks before it starts the scan, so the setting costs no round trip of its
# own (and no BEGIN and COMMIT around it outside a transaction). The names are held to
# the threshold here too, so the results never depend on that setting.
SIMILAR_NAMES_SQL = """
SELECT monograph_id, name, kind, similarity FROM (
    SELECT monograph_id, name, kind, GREATEST({similarities}) AS similarity
    FROM search_searchname
    WHERE (SELECT set_config('pg_trgm.similarity_threshold', %s, true)) IS NOT NULL
      AND ({near})
) AS near
WHERE similarity >= %s
ORDER BY similarity DESC, kind <> %s, name
LIMIT %s
"""


def ranked(terms, op, limit, offset):
    """([row of HIT_COLUMNS], monographs matched) for one page: each monograph once,
    at its best entry (the page top when its names matched)."""
    query = to_query(terms, op)
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL, [RANK_WEIGHTS, CONFIG, query,
                                    CONFIG, to_query(terms, AND, NAMES_WEIGHT),
                                    CONFIG, to_query(terms, AND, CLASS_WEIGHT),
                                    terms.key, limit, offset])
        rows = cursor.fetchall()
        if rows or not offset:
            return [row[1:] for row in rows], (rows[0][0] if rows else 0)
        cursor.execute(COUNT_SQL, [CONFIG, query])  # past the last page
        return [], cursor.fetchone()[0]


def similar_names(terms, limit):
    """[(monograph id, name, kind, similarity)] best first, by pg_trgm similarity of a
    name to any of the query's words (or the whole query)."""
    words = terms.fuzzy_words
    if not words:
        return []
    sql = SIMILAR_NAMES_SQL.format(
        similarities=", ".join(["similarity(key, %s)"] * len(words)),
        near=" OR ".join(["key %% %s"] * len(words)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*words, str(FUZZY_MIN_SIMILARITY), *words,
                             FUZZY_MIN_SIMILARITY, SearchName.Kind.GENERIC, limit])
        return cursor.fetchall()


def refresh(monograph_ids):
    """Compute the weighted vectors of the monographs' index rows (just written)."""
    SearchEntry.objects.filter(monograph_id__in=monograph_ids).update(vector=SEARCH_VECTOR)


def forget(monograph_ids):
    """Nothing beyond the rows themselves, which the caller deletes."""


def prune():
    """Nothing: the vectors live in the index rows, so they go when the rows go."""


def analyze():
    """Statistics for the index tables, in the load's transaction. Without them, after
    a fresh replica or a full reload, the planner guesses the tables are small until
    autovacuum gets to them, and a misspelling's fallback took 125 ms instead of 7 ms
    at 10,000 monographs (benchmarks/search_bench.py)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry, search_searchname")
