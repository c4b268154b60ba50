"""/search/ and /search/suggest as readers and the search box use them."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import loaded_once
from .factories import SECTIONS

pytestmark = pytest.mark.django_db


WARNINGS = ("- **Risks from concomitant use with opioids.** "
            "Fixture text about lumbago.[^test-label]")


def write_library(content):
    content.write("sertraline", brand_names=["Zoloft"], synonyms=[],
                  drug_class="Fixture class one",
                  sections={**SECTIONS, "Warnings": WARNINGS})
    content.write("testazepam", brand_names=["Testopin"], synonyms=["testazepan"])


library = loaded_once(write_library)


def page(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_results_show_name_brands_class_snippet_and_section_link(client, library):
    html = page(client, "lumbago")
    assert '<a href="/drugs/sertraline/">Sertraline</a>' in html
    assert "Zoloft" in html and "Fixture class one" in html
    assert "<mark>lumbago</mark>" in html
    assert '<a href="/drugs/sertraline/#warnings">Warnings</a>' in html


def test_exact_brand_name_goes_straight_to_the_page(client, library):
    response = client.get("/search/", {"q": "  ZOLOFT "})
    assert response.status_code == 302 and response["Location"] == "/drugs/sertraline/"


def test_exact_generic_name_goes_straight_to_the_page(client, library):
    assert client.get("/search/", {"q": "Testazepam"})["Location"] == "/drugs/testazepam/"


def test_part_of_a_name_lists_results_instead_of_redirecting(client, library):
    assert '<a href="/drugs/sertraline/">Sertraline</a>' in page(client, "zolof")


def test_empty_query_explains_how_to_search_with_a_browse_link(client, library):
    html = page(client, "")
    assert "How to search" in html
    assert 'href="/drugs/"' in html
    assert "first 200 characters" in html


def test_query_without_results_says_so_and_offers_browsing(client, library):
    html = page(client, "xylophone")
    assert "No medicine matches “xylophone”" in html
    assert 'href="/drugs/"' in html


def test_misspelling_asks_did_you_mean_with_a_link_and_shows_the_match(client, library):
    html = page(client, "sertaline")
    assert 'Did you mean <a href="/search/?q=sertraline">sertraline</a>?' in html
    assert '<a href="/drugs/sertraline/">Sertraline</a>' in html


def test_query_is_shown_escaped(client, library):
    html = page(client, '<script>alert(1)</script> lumbago')
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; lumbago" in html


def test_query_fills_the_header_search_box(client, library):
    assert 'name="q" placeholder="Search a medicine, brand or condition" value="lumbago"' \
        in page(client, "lumbago")


def test_results_page_asks_search_engines_not_to_index_it(client, library):
    assert '<meta name="robots" content="noindex">' in page(client, "lumbago")


@pytest.mark.parametrize("number", ["abc", "-3", "0", "99999999999999999999", ""])
def test_any_page_number_gets_a_page(client, library, number):
    assert "Sertraline" in page(client, "lumbago", page=number)


def test_suggest_returns_json_with_names_first(client, library):
    response = client.get("/search/suggest", {"q": "zol"})
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"query": "zol", "suggestions": [
        {"label": "Zoloft", "detail": "brand of sertraline", "url": "/drugs/sertraline/"},
    ]}


def test_suggest_lists_sections_after_names(client, library):
    urls = [s["url"] for s in client.get("/search/suggest", {"q": "lumb"}).json()["suggestions"]]
    assert urls == ["/drugs/sertraline/#warnings"]


def test_every_page_loads_the_suggest_script_and_no_inline_script(client, library):
    for url in ("/", "/drugs/sertraline/", "/search/?q=lumbago", "/interactions/"):
        html = client.get(url).content.decode()
        # Deferred scripts run in document order: the shared combobox must come first.
        assert ('<script src="/static/js/combobox.js" defer></script>\n'
                '<script src="/static/js/search-suggest.js" defer></script>') in html
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag


NASTY = [
    "AND", "OR", "NOT", "NEAR(", "NEAR/2", "*", "^", "-", '"', "'", "(", ")", "{", "}", ":",
    "\\", "%", "_", ";", "--", "/*", "' OR 1=1 --", "'; DROP TABLE search_searchentry; --",
    "zoloft", "sert", "lumbago", "{names}:", "🙂", "\x00", "\x1b", "\u200b", "\ue000",
]
queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(NASTY), max_size=10).map(" ".join),
    st.lists(st.sampled_from(NASTY), max_size=10).map("".join),
    st.text(alphabet='"()*^-:{}[]+\\\'% ANDORNEAzol\x00', max_size=60),
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries)
@example(query="x" * 10_000)
@example(query="🙂" * 5000)
@example(query='"unbalanced (quote NEAR(sert* AND ^zol -lumbago')
def test_any_text_gets_a_page_and_suggestions(client, library, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/drugs/")
    response = client.get("/search/suggest", {"q": query})
    assert response.status_code == 200
    assert len(response.json()["suggestions"]) <= 10
