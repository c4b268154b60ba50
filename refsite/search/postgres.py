"""The PostgreSQL backend: a weighted tsvector per index row, ts_rank, and pg_trgm
similarity for misspelled names.

`SearchEntry.vector` is computed from SEARCH_VECTOR when rows are written (`refresh`)
and has a GIN index (migration 0001, PostgreSQL only), as has `SearchName.key` with
gin_trgm_ops for the `%` similarity operator.
"""

from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Greatest

from .models import SearchEntry, SearchName
from .search import AND, MIN_PREFIX

CONFIG = "english"
SEARCH_VECTOR = (
    SearchVector("names", weight="A", config=CONFIG)
    + SearchVector("drug_class", weight="B", config=CONFIG)
    + SearchVector("title", weight="C", config=CONFIG)
    + SearchVector("body", weight="D", config=CONFIG)
)
# ts_rank weights for D, C, B, A.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FUZZY_MIN_SIMILARITY = 0.4


def _lexeme(word, weight=""):
    """One quoted tsquery lexeme: quotes and backslashes escaped, so nothing inside can
    act as an operator; `:*` makes it a prefix, a weight letter limits it to names."""
    text = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    suffix = ("*" if len(word) >= MIN_PREFIX else "") + weight
    return f"{text}:{suffix}" if suffix else text


def to_query(terms, op=AND, weight=""):
    joiner = " & " if op == AND else " | "
    return SearchQuery(joiner.join(_lexeme(w, weight) for w in terms.words),
                       config=CONFIG, search_type="raw")


# One row per monograph, its best entry (the page top when its names match), then the
# page. The hits come from the ORM (SearchRank and the @@ match); the grouping and the
# count ride on them in one pass.
RANKED_SQL = """
WITH best AS (
    SELECT DISTINCT ON (monograph_id) id, monograph_id, name_hit, exact, rank
    FROM ({hits}) AS hits
    ORDER BY monograph_id, (name_hit AND position = 0) DESC, rank DESC, position
)
SELECT id, monograph_id, name_hit, COUNT(*) OVER () FROM best
ORDER BY exact DESC, name_hit DESC, rank DESC, monograph_id
LIMIT %s OFFSET %s
"""


def ranked(terms, op, limit, offset):
    """([(entry id, monograph id, name_hit)], monographs matched) for one page: each
    monograph once, at its best entry (the page top when its names matched)."""
    query = to_query(terms, op)
    exact = SearchName.objects.filter(key=terms.key).values("monograph_id")
    hits = SearchEntry.objects.filter(vector=query).annotate(
        rank=SearchRank(F("vector"), query, weights=RANK_WEIGHTS),
        name_hit=ExpressionWrapper(Q(vector=to_query(terms, AND, "A")),
                                   output_field=BooleanField()),
        exact=ExpressionWrapper(Q(monograph_id__in=exact), output_field=BooleanField()),
    ).values("id", "monograph_id", "position", "rank", "name_hit", "exact").order_by()
    sql, params = hits.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL.format(hits=sql), [*params, limit, offset])
        rows = cursor.fetchall()
    if not rows and offset:
        return [], SearchEntry.objects.filter(vector=query) \
            .values("monograph_id").distinct().count()
    return [(r[0], r[1], r[2]) for r in rows], (rows[0][3] if rows else 0)


def similar_names(terms, limit):
    """[(monograph id, name, kind, similarity)] best first, by pg_trgm similarity of a
    name to any of the query's words (or the whole query)."""
    words = terms.fuzzy_words
    if not words:
        return []
    similarity = Greatest(*[TrigramSimilarity("key", w) for w in words]) if len(words) > 1 \
        else TrigramSimilarity("key", words[0])
    near = reduce(or_, [Q(TrigramSimilar(F("key"), w)) for w in words])
    rows = (
        SearchName.objects.filter(near)
        .annotate(similarity=similarity)
        .filter(similarity__gte=FUZZY_MIN_SIMILARITY)
        .annotate(not_generic=Case(When(kind=SearchName.Kind.GENERIC, then=Value(0)),
                                   default=Value(1)))
        .order_by("-similarity", "not_generic", "name")
        .values_list("monograph_id", "name", "kind", "similarity")[:limit]
    )
    return list(rows)


def refresh(monograph_ids):
    """Compute the weighted vectors of the monographs' index rows (just written)."""
    SearchEntry.objects.filter(monograph_id__in=monograph_ids).update(vector=SEARCH_VECTOR)


def forget(monograph_ids):
    """Nothing beyond the rows themselves, which the caller deletes."""


def prune():
    """Nothing: the vectors live in the index rows, so they go when the rows go."""
