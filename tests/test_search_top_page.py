"""SQLite's shortcut for a result page (`sqlite_fts5.top_page`: the best entries only,
not every match grouped) gives exactly the page, order, anchors and total that grouping
every match (`grouped_page`) gives, or declines. The library is made for ties: many
monographs with names of one length and the same section texts (equal bm25 scores
across monographs), and sections repeated within a monograph (equal scores within
one). Fixture monographs are made up; their text is not drug information.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.search.backends import sqlite_fts5
from refsite.search.query import AND, OR, parse

from .conftest import loaded_once
from .factories import SEARCH_CITE as CITE
from .factories import SEARCH_LETTERS as LETTERS
from .factories import SEARCH_TEXTS as TEXTS
from .factories import SECTIONS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 shortcut"),
]

WORDS = ["drowsiness", "dizziness", "rash", "itching", "nausea", "older", "adults",
         "common", "seizure", "disorders", "fixture", "zepa", "zepab", "class"]


def write_library(content):
    for n, letter in enumerate(LETTERS):
        slug = f"zepa{letter}"
        effects, warnings = TEXTS[n % len(TEXTS)], TEXTS[(n // 2) % len(TEXTS)]
        content.write(slug, brand_names=[f"Brand{letter}"], synonyms=[],
                      drug_class=f"Fixture class {n % 3}",
                      sections={**SECTIONS,
                                "Mechanism of action": f"{warnings}{CITE}",
                                "Side effects": f"{effects}{CITE}"})


library_once = loaded_once(write_library)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
       op=st.sampled_from([AND, OR]), limit=st.integers(1, 6), page=st.integers(0, 4))
def test_the_shortcut_gives_the_grouped_page_or_declines(library_once, words, op, limit,
                                                         page):
    terms = parse(" ".join(words))
    found = sqlite_fts5.top_page(terms, op, limit, page * limit)
    if found is not None:
        assert found == sqlite_fts5.grouped_page(terms, op, limit, page * limit)


@pytest.mark.parametrize("query", ["drowsiness", "rash dizziness", "older adults"])
def test_the_shortcut_answers_words_found_in_sections(library_once, query):
    terms = parse(query)
    found = sqlite_fts5.top_page(terms, AND, 5, 0)
    assert found is not None and found[1] > 5
    assert found == sqlite_fts5.grouped_page(terms, AND, 5, 0)


def test_the_shortcut_declines_when_a_name_matches(library_once):
    assert sqlite_fts5.top_page(parse("zepab"), AND, 5, 0) is None


def test_the_shortcut_declines_when_a_class_matches(library_once):
    assert sqlite_fts5.top_page(parse("fixture class"), AND, 5, 0) is None
