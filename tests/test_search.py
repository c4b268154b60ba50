"""Search: finds the right monograph first, on whichever database DATABASE_URL names.

The same tests run on SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm). Fixture
monographs are made up for these tests; their text is not drug information.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from refsite.monographs.models import Monograph
from refsite.search.backends import backend, postgres
from refsite.search.models import SearchEntry, SearchName
from refsite.search.query import MAX_QUERY_LENGTH, clean, parse
from refsite.search.ranking import exact_monograph, search
from refsite.search.snippets import SNIPPET_CHARS, make_snippet
from refsite.search.suggest import suggest

from .conftest import loaded_once, writable_copy
from .factories import SECTIONS

pytestmark = pytest.mark.django_db

CITE = "[^test-label]"


def sections(**extra):
    """The factory sections, with some replaced or added (title: text)."""
    merged = dict(SECTIONS)
    for title, text in extra.items():
        merged[title.replace("_", " ").capitalize()] = f"{text}{CITE}"
    return merged


def write_library(content):
    """A few made-up monographs, one with a real drug's names so misspellings of them
    can be tested before that drug's monograph is written."""
    content.write("sertraline", brand_names=["Zoloft"], synonyms=[],
                  drug_class="Fixture class one",
                  summary="Fixture summary for search tests; not drug information.",
                  sections=sections(indications="Fixture text about lumbago and quiet sleep."))
    content.write("blorfenac", brand_names=["Blorvex"], synonyms=[],
                  drug_class="Fixture class two",
                  summary="Fixture summary for search tests; not drug information.",
                  sections={**sections(), "Interactions": f"Taking it with sertraline adds "
                            f"to drowsiness; see narrow-angle glaucoma.{CITE}"})
    content.write("testazepam", brand_names=["Testopin"], synonyms=["testazepan"],
                  misspellings=["testazipam"])
    content.write("co-trimoxazole", generic_name="co-trimoxazole", brand_names=["Fixtrim"],
                  synonyms=[])
    content.write("draftazole", brand_names=["Draftex"], synonyms=[], status="draft",
                  sections=sections(indications="Fixture text about lumbago."))


library_once = loaded_once(write_library)


@pytest.fixture
def library(library_once, tmp_path, settings):
    return writable_copy(library_once, tmp_path, settings)


def slugs(query, **kwargs):
    return [hit.listing.slug for hit in search(query, **kwargs).hits]


# Names

def test_generic_name_finds_its_monograph_first(library):
    assert slugs("sertraline")[0] == "sertraline"


def test_brand_name_finds_the_generic_monograph(library):
    assert slugs("Zoloft") == ["sertraline"]


def test_synonym_finds_its_monograph(library):
    assert slugs("testazepan")[0] == "testazepam"


@pytest.mark.parametrize("query", ["testazepan", "testazipam", "TESTAZIPAM"])
def test_a_misspelling_finds_its_monograph_as_a_synonym_does(library, query):
    results = search(query)
    assert [h.listing.slug for h in results.hits][:1] == ["testazepam"]
    assert not results.fuzzy  # a name of the monograph, not a close guess
    assert exact_monograph(query) is None  # neither is a shortcut to the page


def test_a_misspelling_is_indexed_as_a_synonym(library):
    kinds = dict(SearchName.objects.filter(monograph__slug="testazepam")
                 .values_list("name", "kind"))
    assert kinds["testazipam"] == kinds["testazepan"] == SearchName.Kind.SYNONYM


def test_suggestions_for_a_misspelling_show_the_generic_name(library):
    assert [s.label for s in suggest("testazi")][:1] == ["testazepam"]
    assert "testazipam" not in [s.label for s in suggest("testazi")]


@pytest.mark.parametrize("prefix, slug", [
    ("sertr", "sertraline"), ("zol", "sertraline"), ("ZOLO", "sertraline"),
    ("testaz", "testazepam"),
])
def test_first_letters_of_a_name_find_the_monograph(library, prefix, slug):
    assert slugs(prefix)[0] == slug


@pytest.mark.parametrize("query", ["sertaline", "setraline", "zoloff", "sertrlaine"])
def test_misspelled_name_is_matched_by_similar_names(library, query):
    results = search(query)
    assert [h.listing.slug for h in results.hits][:1] == ["sertraline"]
    assert results.fuzzy


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm's threshold")
def test_similar_names_set_their_threshold_in_the_statement_that_scans(library):
    with CaptureQueriesContext(connection) as statements:
        found = backend().similar_names(parse("sertaline"), 5)
    assert found and len(statements) == 1  # no SET, BEGIN, savepoint or COMMIT of its own
    with connection.cursor() as cursor:  # set for the transaction, as SET LOCAL would be
        cursor.execute("SELECT current_setting('pg_trgm.similarity_threshold')")
        assert float(cursor.fetchone()[0]) == postgres.FUZZY_MIN_SIMILARITY


def test_misspelling_offers_the_name_it_matched(library):
    assert search("sertaline").did_you_mean == ["sertraline"]


def test_misspelled_synonym_offers_the_generic_name(library):
    assert search("testazepn").did_you_mean == ["testazepam"]


def test_misspelling_finds_a_monograph_added_by_a_later_load(library):
    assert slugs("sertaline")[:1] == ["sertraline"]  # names now in memory
    library.write("glorvastatin", brand_names=["Glorvastor"], synonyms=[])
    library.load()
    assert slugs("glorvastatn")[:1] == ["glorvastatin"]


def test_misspelling_no_longer_finds_a_removed_monograph(library):
    assert slugs("sertaline")[:1] == ["sertraline"]
    library.remove("sertraline")
    library.load()
    assert "sertraline" not in slugs("sertaline")


def test_misspelling_is_found_once_an_emptied_index_is_rebuilt(library):
    """A load that changes no content records no ContentLoad, yet rebuilds an emptied
    index (as after a new search migration) under new name ids: the names read before
    are not kept."""
    assert slugs("sertaline")[:1] == ["sertraline"]  # names now in memory
    SearchEntry.objects.all().delete()
    SearchName.objects.all().delete()
    backend().prune()
    assert slugs("sertaline") == []
    loaded, _ = library.load()
    assert loaded.load is None  # no content changed
    assert slugs("sertaline")[:1] == ["sertraline"]


def test_result_page_is_read_in_one_query(library, django_assert_num_queries):
    with django_assert_num_queries(1):
        hits = search("drowsiness").hits
        shown = [(h.url, h.listing.generic_name, h.listing.brand_names,
                  h.listing.drug_class, h.snippet) for h in hits]
    assert len(shown) == 4


def test_hyphenated_name_is_found_whole_and_by_prefix(library):
    assert slugs("co-trimoxazole")[0] == "co-trimoxazole"
    assert slugs("co-trimox")[0] == "co-trimoxazole"


# Words in sections

def test_words_in_a_section_find_it_and_link_to_its_anchor(library):
    hit = search("narrow-angle glaucoma").hits[0]
    assert hit.listing.slug == "blorfenac"
    assert hit.anchor == "interactions"
    assert hit.url == "/drugs/blorfenac/#interactions"
    assert "<mark>glaucoma</mark>" in hit.snippet.lower()


def test_name_match_ranks_above_a_mention_in_another_monograph(library):
    assert slugs("sertraline") == ["sertraline", "blorfenac"]


def test_multi_word_query_matches_every_word_before_any_word(library):
    assert slugs("lumbago sleep") == ["sertraline"]


def test_any_word_is_enough_when_no_monograph_has_every_word(library):
    assert slugs("lumbago xylophone") == ["sertraline"]


def test_a_name_and_a_section_word_find_that_section(library):
    hit = search("Blorvex glaucoma").hits[0]
    assert (hit.listing.slug, hit.anchor) == ("blorfenac", "interactions")


def test_name_query_links_to_the_page_top(library):
    hit = search("Zoloft").hits[0]
    assert hit.anchor == "" and hit.url == "/drugs/sertraline/"


def test_class_finds_its_monographs(library):
    assert slugs("fixture class two") == ["blorfenac"]


def test_class_ranks_its_monographs_first_at_their_page_top(library):
    # clasinol's section names sertraline's class over and over; sertraline is of it
    library.write("clasinol", brand_names=["Clasix"], synonyms=[],
                  drug_class="Fixture class three",
                  sections=sections(indications="Fixture text: not with class one medicines; "
                                                "class one, class one, class one."))
    library.load()
    hits = search("class one").hits
    assert [(h.listing.slug, h.anchor) for h in hits][:2] == [("sertraline", ""),
                                                              ("clasinol", "indications")]


def test_snippet_escapes_content_and_marks_only_matches(content):
    # its own slug: testazepam is published by this module's library (REVIEW004)
    content.write("escapazepam",
                  sections=sections(indications="Use when 1 < 2 & lumbago returns."))
    content.load(allow_unpublish=True)  # the module's library goes: this tree lacks it
    snippet = search("lumbago").hits[0].snippet
    assert "&lt; 2 &amp; <mark>lumbago</mark>" in snippet
    assert "&amp;lt;" not in snippet


# Drafts, removals, edits: the index follows what is served

def test_draft_never_appears(library):
    assert "draftazole" not in slugs("lumbago")
    assert slugs("Draftex") == []
    assert not SearchEntry.objects.filter(monograph__slug="draftazole").exists()


def test_removed_monograph_leaves_the_index(library):
    library.remove("sertraline")
    library.load()
    assert "sertraline" not in slugs("zoloft") + slugs("lumbago")
    assert not SearchName.objects.filter(monograph__slug="sertraline").exists()


def test_monograph_turned_draft_leaves_the_index(library):
    library.write("testazepam", brand_names=["Testopin"], synonyms=[], status="draft")
    library.load()
    assert slugs("testopin") == []


def test_edited_section_is_reindexed(library):
    library.write("sertraline", brand_names=["Zoloft"], synonyms=[],
                  sections=sections(indications="Fixture text about sciatica."),
                  reviewed_on="2026-05-01", changes="Indications rewritten.")
    library.load()
    assert slugs("sciatica") == ["sertraline"]
    assert "sertraline" not in slugs("lumbago")


def test_index_is_written_in_the_content_transaction(content):
    """If anything fails after the index step, the content and its index roll back
    together."""
    from refsite.monographs.signals import content_stored

    def fail_after_the_index(sender, slugs, **kwargs):
        assert SearchEntry.objects.exists()  # the search app's receiver ran first
        raise RuntimeError("disk full")

    def index():
        return (sorted(SearchEntry.objects.values_list("monograph_id", "body")),
                sorted(SearchName.objects.values_list("monograph_id", "name")))

    before = index()
    content_stored.connect(fail_after_the_index)
    try:
        # reviewed again: this module's library may have published testazepam (REVIEW004)
        content.write(summary="A summary written only by this test, never indexed.",
                      reviewed_on="2026-05-01", changes="Summary written by this test.")
        with pytest.raises(RuntimeError):
            content.load(allow_unpublish=True)  # the module's library is not in this tree
    finally:
        content_stored.disconnect(fail_after_the_index)
    assert index() == before
    content.load(allow_unpublish=True)
    assert slugs("testazepam") == ["testazepam"]


def test_content_stored_signal_updates_the_index(library):
    """The pipeline can tell search what it stored without importing it."""
    from django.db import transaction

    from refsite.monographs.signals import content_stored

    SearchEntry.objects.filter(monograph__slug="sertraline").delete()
    SearchName.objects.filter(monograph__slug="sertraline").delete()
    backend().prune()
    assert slugs("zoloft") == []
    with transaction.atomic():
        content_stored.send(sender=None, slugs=["sertraline"])
    assert slugs("zoloft") == ["sertraline"]


def test_published_monograph_missing_from_the_index_is_indexed_on_next_load(library):
    SearchEntry.objects.filter(monograph__slug="sertraline").delete()
    library.load()
    assert slugs("zoloft") == ["sertraline"]


def test_index_rows_of_a_monograph_unpublished_outside_the_loader_go_on_next_load(library):
    """The next load, whatever it changes, drops the rows of a monograph no longer
    published, though it never touches that monograph."""
    Monograph.objects.filter(slug="sertraline").update(status=Monograph.Status.DRAFT)
    assert SearchEntry.objects.filter(monograph__slug="sertraline").exists()
    library.load()
    assert not SearchEntry.objects.filter(monograph__slug="sertraline").exists()
    assert not SearchName.objects.filter(monograph__slug="sertraline").exists()


# Exact names, pages, limits

def test_exact_generic_or_brand_name_is_the_shortcut_target(library):
    assert exact_monograph("  ZOLOFT ").slug == "sertraline"
    assert exact_monograph("Sertraline").slug == "sertraline"
    assert exact_monograph("testazepan") is None  # a synonym, not a name
    assert exact_monograph("zolo") is None


def test_results_are_paginated(library):
    first = search("drowsiness", page=1, per_page=2)
    second = search("drowsiness", page=2, per_page=2)
    assert first.total == second.total == 4
    assert (first.num_pages, first.has_next, second.has_previous) == (2, True, True)
    assert not {h.listing.slug for h in first.hits} & {h.listing.slug for h in second.hits}


def test_page_past_the_end_shows_the_last_page(library):
    results = search("drowsiness", page=99, per_page=3)
    assert (results.page, len(results.hits)) == (2, 1)


def test_long_query_is_cut_to_the_documented_limit():
    terms = parse("zoloft " * 2000)
    assert len(clean("x" * 10000)) == MAX_QUERY_LENGTH == 200
    assert len(terms.text) <= 200 and terms.words[0] == "zoloft"


def test_control_characters_and_operators_never_reach_the_query_syntax():
    terms = parse('zo\x00loft" OR NEAR(x* ^y -z\x1b')
    assert terms.words == ("zo", "loft", "near", "x", "y", "z")


@pytest.mark.parametrize("query", [
    "sertraline AND", "NEAR(sertraline", "sertraline*", "-sertraline", "^sertraline",
    '"sertraline', "sertraline)", "sertraline OR 1=1; DROP TABLE x --", "{names}: sertraline",
])
def test_query_syntax_characters_are_plain_text(library, query):
    assert slugs(query)[0] == "sertraline"


@pytest.mark.parametrize("query", ["", "   ", "\x00", "AND", "*", "🙂", '"', "NEAR(", "x" * 10000])
def test_queries_without_usable_words_return_nothing_quietly(library, query):
    results = search(query)
    assert isinstance(results.total, int)


# Suggestions

def test_suggestions_put_names_first_then_sections(library):
    items = suggest("sert")
    assert items[0].label == "sertraline" and items[0].url == "/drugs/sertraline/"
    assert [i.url for i in items[1:]] == ["/drugs/blorfenac/#interactions"]


def test_brand_suggestion_names_its_generic(library):
    item = suggest("zol")[0]
    assert (item.label, item.detail, item.url) == ("Zoloft", "brand of sertraline",
                                                    "/drugs/sertraline/")


def test_at_most_ten_suggestions(content):
    for n in range(12):
        content.write(f"fixamide-{n:02d}", generic_name=f"fixamide {n:02d}")
    content.load(allow_unpublish=True)  # the module's library goes: this tree lacks it
    items = suggest("fixamide")
    assert len(items) == 10
    assert items[0].label == "fixamide 00"


def test_one_letter_gets_no_suggestions(library):
    assert suggest("s") == []


# Snippets

def test_snippet_starts_at_the_sentence_holding_the_words_and_marks_each():
    text = ("First sentence about nothing. " * 5 + "Seizure control came back after a "
            "dose change. " + "Filler words follow here. " * 10)
    snippet = make_snippet(text, parse("seizures dose"))
    assert snippet.startswith("…<mark>Seizure</mark> control")
    assert "<mark>dose</mark>" in snippet and snippet.endswith("…")


def test_snippet_without_the_words_is_the_start_of_the_text_cut_at_a_word():
    snippet = make_snippet("word " * 100, parse("absent"))
    assert snippet.startswith("word word") and snippet.endswith("word…")
    assert len(snippet) <= SNIPPET_CHARS + 1


def test_deleting_a_monograph_outside_the_loader_leaves_nothing_to_find(library):
    from refsite.monographs.models import Monograph

    assert slugs("sertaline")[:1] == ["sertraline"]  # names now in memory
    Monograph.objects.filter(slug="sertraline").delete()
    assert search("lumbago").total == 0
    assert search("zoloft").total == 0
    assert search("sertaline").hits == []
