"""A backend's result page (`ranked`), however its statement is shaped, is the page the
ranking rules give when applied by hand to every matching entry: each monograph once,
at its best entry (the page top when its names or class match every word, else its
best-scored entry, the lowest position among equals), ordered by exact name, names,
class, score, monograph id; the total counts the monographs matched. The entries and
their scores are read with a plain full-text query per database, so only grouping,
order, paging and what a hit shows are under test. The library is made for ties:
names of one length, the same section texts across monographs and within one, and a
class that matches some words. Fixture monographs are made up; their text is not drug
information.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.search.backends import backend, postgres, sqlite_fts5
from refsite.search.models import SearchEntry
from refsite.search.query import AND, OR, parse

from .conftest import loaded_once
from .factories import SEARCH_CITE as CITE
from .factories import SEARCH_LETTERS as LETTERS
from .factories import SEARCH_TEXTS as TEXTS
from .factories import SECTIONS

pytestmark = pytest.mark.django_db

WORDS = ["drowsiness", "dizziness", "rash", "itching", "nausea", "older", "adults",
         "common", "seizure", "disorders", "fixture", "zepa", "zepab", "zepac", "brandc",
         "class", "blocker"]


def write_library(content):
    for n, letter in enumerate(LETTERS):
        effects, warnings = TEXTS[n % len(TEXTS)], TEXTS[(n // 2) % len(TEXTS)]
        content.write(f"zepa{letter}", brand_names=[f"Brand{letter}"], synonyms=[],
                      drug_class=f"Fixture {'blocker' if n % 3 else 'class'} {n % 3}",
                      sections={**SECTIONS,
                                "Mechanism of action": f"{warnings}{CITE}",
                                "Side effects": f"{effects}{CITE}"})


library_once = loaded_once(write_library)

EXACT_SQL = "SELECT DISTINCT monograph_id FROM search_searchname WHERE key = %s"
POSTGRES_MATCHES_SQL = """
SELECT e.id, e.monograph_id, e.position,
       ts_rank(%s::float4[], e.vector, to_tsquery(%s::regconfig, %s), 1)
           * CASE WHEN e.anchor = 'indications' THEN 2 ELSE 1 END,
       e.vector @@ to_tsquery(%s::regconfig, %s), e.vector @@ to_tsquery(%s::regconfig, %s)
FROM search_searchentry e WHERE e.vector @@ to_tsquery(%s::regconfig, %s)
"""
SQLITE_MATCHES_SQL = "SELECT rowid, rank FROM search_entry_fts(%s, %s) ORDER BY rowid"
SQLITE_ROWIDS_SQL = "SELECT rowid FROM search_entry_fts(%s)"


def matches(terms, op):
    """{entry id: (monograph id, position, higher-is-better score, names match, class
    match)} for every entry matching the query, read with a plain full-text query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            config = postgres.CONFIG
            cursor.execute(POSTGRES_MATCHES_SQL, [
                postgres.RANK_WEIGHTS, config, postgres.to_query(terms, op),
                config, postgres.to_query(terms, AND, postgres.NAMES_WEIGHT),
                config, postgres.to_query(terms, AND, postgres.CLASS_WEIGHT),
                config, postgres.to_query(terms, op)])
            return {id_: (m, p, rank, names, class_) for id_, m, p, rank, names, class_
                    in cursor.fetchall()}
        cursor.execute(SQLITE_MATCHES_SQL,
                       [sqlite_fts5.match_expression(terms, op), sqlite_fts5.RANK])
        scores = cursor.fetchall()

        def rowids(columns):
            cursor.execute(SQLITE_ROWIDS_SQL,
                           [sqlite_fts5.names_expression(terms, columns)])
            return {row[0] for row in cursor.fetchall()}

        named, classed = rowids("names"), rowids("drug_class")
    span = SearchEntry.POSITIONS
    return {id_: (id_ // span, id_ % span, -score, id_ in named, id_ in classed)
            for id_, score in scores}


def expected_page(terms, op, limit, offset):
    """([(monograph id, entry id)] of the page, monographs matched), by the rules. A
    monograph whose names or class match is ranked by its page top's score on
    PostgreSQL, by its best entry's on SQLite (bm25 of the whole monograph's matches)."""
    found = matches(terms, op)
    with connection.cursor() as cursor:
        cursor.execute(EXACT_SQL, [terms.key])
        exact = {row[0] for row in cursor.fetchall()}
    top_scored = connection.vendor == "postgresql"
    best, flags, scores = {}, {}, {}
    for monograph_id, position, score, names, class_ in found.values():
        if position == 0:
            flags[monograph_id] = (names, class_)
        scores[monograph_id] = max(score, scores.get(monograph_id, score))
    for id_, (monograph_id, position, score, _names, _class) in found.items():
        flagged = any(flags.get(monograph_id, ()))
        if flagged and position != 0:
            continue
        key = (score, -position)
        if monograph_id not in best or key > best[monograph_id][0]:
            best[monograph_id] = (key, id_)

    def order(m):
        names, class_ = flags.get(m, (False, False))
        score = best[m][0][0] if top_scored or not (names or class_) else scores[m]
        return (m not in exact, not names, not class_, -score, m)

    ranked = sorted(best, key=order)
    return [(m, best[m][1]) for m in ranked[offset:offset + limit]], len(best)


def shown(rows):
    """(monograph id, entry id) of each row of HIT_COLUMNS, read back through its anchor."""
    ids = {(m, anchor): id_ for id_, m, anchor
           in SearchEntry.objects.values_list("id", "monograph_id", "anchor")}
    return [(row[3], ids[row[3], row[0]]) for row in rows]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
       op=st.sampled_from([AND, OR]), limit=st.integers(1, 6), page=st.integers(0, 5))
def test_a_result_page_is_the_rules_applied_to_every_match(library_once, words, op, limit,
                                                          page):
    terms = parse(" ".join(words))
    rows, total = backend().ranked(terms, op, limit, page * limit)
    page_, matched = expected_page(terms, op, limit, page * limit)
    assert total == matched
    assert shown(rows) == page_


@pytest.mark.parametrize("query", ["zepab", "brandc", "fixture class", "rash drowsiness",
                                   "older adults"])
def test_names_class_and_section_words_each_give_the_rules_page(library_once, query):
    terms = parse(query)
    rows, total = backend().ranked(terms, AND, 5, 0)
    assert total and (shown(rows), total) == expected_page(terms, AND, 5, 0)


def test_a_hit_shows_its_entry_and_its_own_monograph(library_once):
    rows, _total = backend().ranked(parse("rash"), AND, 20, 0)
    entries = {(e.monograph_id, e.anchor): e for e in SearchEntry.objects.all()}
    for anchor, title, body, monograph_id, slug, *_listing in rows:
        entry = entries[monograph_id, anchor]
        assert (title, body) == (entry.title, entry.body)
        assert slug == entry.monograph.slug
