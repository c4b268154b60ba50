"""What a search page leads with: everyday words widened to the clinical terms the pages
use, the section that answers a drug + question query, and honest notices for drafts
and medicines refsite does not cover. Runs on SQLite and PostgreSQL.

Fixture monographs are made up for these tests; their text is not drug information.
"""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.search.answers import IN_REVIEW, NO_MATCH, NOT_COVERED, respond
from refsite.search.query import expand, parse

from .conftest import loaded_once, writable_copy
from .factories import SECTIONS

pytestmark = pytest.mark.django_db

CITE = "[^test-label]"
LAY_TERMS = """\
- words: [fits]
  terms: [seizure disorders]
- words: [blood thinner, blood thinners]
  terms: [anticoagulant]
"""


def write_library(content):
    content.write("testazepam", brand_names=["Testopin"], synonyms=[], sections={
        **SECTIONS,
        "Interactions": f"Fixture text: an anticoagulant taken with it.{CITE}",
        "Pregnancy and breastfeeding": f"Fixture text about pregnancy.{CITE}"})
    content.write("blorfenac", brand_names=["Blorvex"], synonyms=[],
                  drug_class="Fixture class two", sections={
                      **SECTIONS,
                      "Indications": f"Fixture text about quiet sleep.{CITE}",
                      "Side effects": f"Thinner hair; blood pressure changes.{CITE}",
                      "Interactions": f"Fixture text about taking it with others.{CITE}"})
    content.write("draftazole", brand_names=["Draftex"], synonyms=[], status="draft")
    (content.root / "search").mkdir()
    (content.root / "search" / "lay-terms.yaml").write_text(LAY_TERMS)


library_once = loaded_once(write_library)


@pytest.fixture
def library(library_once, tmp_path, settings):
    return writable_copy(library_once, tmp_path, settings)


def hits(response):
    return [(h.listing.slug, h.anchor) for h in response.results.hits]


# Everyday words

def test_an_everyday_word_finds_the_clinical_term_and_says_so(library):
    response = respond("fits")
    assert response.expanded == [("fits", ("seizure disorders",))]
    assert hits(response)[0] == ("testazepam", "indications")


def test_as_typed_leaves_everyday_words_alone(library):
    response = respond("fits", as_typed=True)
    assert response.expanded == [] and hits(response) == []


def test_an_everyday_phrase_is_matched_whole_never_word_by_word(library):
    # blorfenac has "thinner" and "blood" apart; only the phrase or its term counts
    assert [slug for slug, _ in hits(respond("blood thinner"))] == ["testazepam"]
    assert "blorfenac" in [slug for slug, _ in hits(respond("blood thinner", as_typed=True))]


def test_an_everyday_word_for_a_drug_class_leads_with_the_medicines_of_that_class(library):
    library.write("clotazaban", brand_names=["Clotix"], synonyms=[],
                  drug_class="Fixture anticoagulant")
    library.load()
    response = respond("blood thinner")
    assert hits(response) == [("clotazaban", ""), ("testazepam", "interactions")]
    assert response.first == "clotazaban"


def test_expand_makes_one_group_of_a_phrase_and_its_terms():
    terms, expanded = expand(parse("high blood pressure pill"),
                             {("high", "blood", "pressure"): ("hypertension",)})
    assert terms.groups == (("high blood pressure", "hypertension"), ("pill",))
    assert expanded == [("high blood pressure", ("hypertension",))]


def test_a_broken_vocabulary_file_keeps_the_terms_search_had(library, caplog):
    assert respond("fits").expanded
    (library.root / "search" / "lay-terms.yaml").write_text("- words: [fits\n")
    with caplog.at_level(logging.WARNING, logger="refsite.search.vocabulary"):
        response = respond("fits")
    assert response.expanded == [("fits", ("seizure disorders",))]
    assert "lay-terms.yaml:2: LAY003" in caplog.text


def test_no_vocabulary_file_means_no_expansion(library):
    (library.root / "search" / "lay-terms.yaml").unlink()
    assert respond("fits").expanded == []


# A medicine and a question

def test_a_medicine_and_a_topic_lead_with_that_section(library):
    response = respond("testopin dose")
    assert response.first == "testazepam#dosing"
    answer = response.answers[0]
    assert answer.url == "/drugs/testazepam/#dosing" and answer.title == "Dosing"
    assert "1.5 mg" in answer.snippet


def test_pregnant_asks_for_the_pregnancy_section(library):
    assert respond("testazepam pregnant").first == "testazepam#pregnancy-and-breastfeeding"


def test_a_medicine_and_other_words_lead_with_its_best_section(library):
    assert respond("testopin anticoagulant").first == "testazepam#interactions"


def test_two_medicines_lead_with_both_interactions_sections(library):
    response = respond("testopin and blorvex")
    assert [(a.listing.slug, a.anchor) for a in response.answers] == [
        ("testazepam", "interactions"), ("blorfenac", "interactions")]
    assert [m.slug for m in response.interaction_pair] == ["testazepam", "blorfenac"]
    assert response.answers[0].snippet == "Fixture text: an anticoagulant taken with it."


def test_a_misspelled_name_and_a_topic_lead_with_the_closest_names_section(library):
    response = respond("testazepim dose")
    assert response.results.fuzzy and response.first == "testazepam#dosing"


def test_a_medicine_with_words_its_page_lacks_shows_that_medicine_only(library):
    response = respond("testopin quiet")  # "quiet" is on blorfenac's page only
    assert hits(response) == [("testazepam", "")] and response.answers == []


def test_a_known_medicine_never_asks_did_you_mean(library):
    assert not respond("testopin xyzzy").results.fuzzy


def test_a_name_with_filler_words_only_has_no_answer_box(library):
    response = respond("what is testopin")
    assert response.answers == [] and response.first == "testazepam"


# Medicines refsite does not show

def test_a_draft_name_says_the_page_is_being_reviewed(library):
    response = respond("draftex")
    assert response.first == IN_REVIEW
    assert response.notices[0].name == "draftazole"


def test_a_draft_name_with_a_question_shows_no_other_page_as_its_answer(library):
    response = respond("draftex drowsiness")  # drowsiness is on every fixture page
    assert response.first == IN_REVIEW and hits(response) == []


def test_a_medicine_refsite_lacks_says_so_with_the_count_and_dailymed(library):
    response = respond("ibuprofen dose")
    assert response.first == NOT_COVERED
    notice = response.notices[0]
    assert (notice.name, notice.covered) == ("ibuprofen", 2)
    assert notice.dailymed_url == "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=ibuprofen"
    assert hits(response) == []


def test_a_word_that_is_no_name_is_just_no_match(library):
    assert respond("1234").first == NO_MATCH


def test_words_matching_only_some_pages_are_marked_partial(library):
    response = respond("quiet xylophone")
    assert response.results.partial and response.first == NO_MATCH


# Any input

WORDS = st.sampled_from(["testopin", "draftex", "blorvex", "dose", "and", "fits",
                         "blood", "thinner", "pregnant", "ibuprofen", "with", "'", "-",
                         "side", "effects", "how", "much", "\u00e9", "1"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS | st.text(max_size=12), max_size=10))
def test_every_query_gets_a_first_result_that_is_a_page_or_a_notice(library, words):
    response = respond(" ".join(words))
    assert isinstance(response.first, str) and response.first
    assert "draftazole" not in [h.listing.slug for h in response.results.hits]
    assert all(a.listing.slug != "draftazole" for a in response.answers)


# The page

def page(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_page_says_what_it_shows_for_an_everyday_word_with_a_way_back(client, library):
    html = page(client, "fits")
    assert "Showing results for seizure disorders (for “fits”)" in html
    assert 'href="/search/?q=fits&amp;as_typed=1"' in html


def test_page_leads_with_the_answer_and_links_its_section(client, library):
    html = page(client, "testopin dose")
    assert '<a href="/drugs/testazepam/#dosing">Testazepam: Dosing</a>' in html
    assert html.index("answers-title") < html.index("search-results")


def test_page_for_a_medicine_refsite_lacks_links_a_to_z_and_dailymed(client, library):
    html = page(client, "ibuprofen")
    assert "refsite has no page on ibuprofen yet: it covers 2 medicines so far" in html
    assert 'href="https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=ibuprofen"' in html
    assert 'href="/drugs/"' in html


def test_page_for_a_draft_says_it_is_being_reviewed(client, library):
    html = page(client, "draftex")
    assert "refsite is still reviewing its draftazole page" in html
    assert "/drugs/draftazole/" not in html
