"""The names a query is read with (`search.names`) are held in memory per version of
the published set, yet right after a content load they are the load's: a name it
publishes is read as that medicine, one it withdraws no longer is, a draft it publishes
stops being "in review". Runs on SQLite and PostgreSQL.

These tests commit, as `load_content` does on a site (transaction=True), so the version
is remembered between searches as it is when serving, not read again per search as
inside a test's transaction. Fixture monographs are made up; their text is not drug
information.
"""

import pytest

from refsite.search import understand
from refsite.search.answers import IN_REVIEW, NOT_COVERED, respond
from refsite.search.query import parse
from refsite.search.ranking import search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(content):
    """Four published monographs (so withdrawing one is no mass unpublish) and a draft."""
    for slug in ("alphazepam", "betazepam", "gammazepam", "deltazepam"):
        content.write(slug, brand_names=[slug.replace("zepam", "ex").capitalize()], synonyms=[])
    content.write("draftazole", brand_names=["Draftex"], synonyms=[], status="draft")
    content.load()
    return content


def first(query):
    return respond(query).first


def test_a_name_published_by_a_load_is_read_right_after_it(site):
    assert first("epsilonzepam dose") == NOT_COVERED  # the names before, in memory
    site.write("epsilonzepam", brand_names=["Epsilex"], synonyms=[])
    site.load()
    assert respond("epsilex").redirect.slug == "epsilonzepam"
    assert first("epsilonzepam dose") == "epsilonzepam#dosing"


def test_a_name_withdrawn_by_a_load_is_no_longer_read(site):
    assert respond("alphaex").redirect.slug == "alphazepam"
    site.remove("alphazepam")
    site.load()
    response = respond("alphaex")
    assert response.redirect is None and response.first == NOT_COVERED
    assert understand.read(parse("alphazepam dose")).medicines == ()


def test_a_draft_published_by_a_load_is_no_longer_in_review(site):
    assert first("draftex") == IN_REVIEW
    site.write("draftazole", brand_names=["Draftex"], synonyms=[])
    site.load()
    assert respond("draftex").redirect.slug == "draftazole"


def test_a_page_turned_draft_by_a_load_is_in_review(site):
    assert respond("betaex").redirect.slug == "betazepam"
    site.write("betazepam", brand_names=["Betaex"], synonyms=[], status="draft")
    site.load()
    assert first("betaex") == IN_REVIEW


def test_the_count_of_medicines_covered_follows_a_load(site):
    assert respond("ibuprofen").notices[0].covered == 4
    site.write("epsilonzepam", brand_names=["Epsilex"], synonyms=[])
    site.load()
    assert respond("ibuprofen").notices[0].covered == 5


def test_a_misspelling_finds_a_name_published_by_a_load(site):
    assert search("epsilonzepan").hits == []
    site.write("epsilonzepam", brand_names=["Epsilex"], synonyms=[])
    site.load()
    assert [h.listing.slug for h in search("epsilonzepan").hits][:1] == ["epsilonzepam"]


def test_a_monograph_deleted_outside_the_loader_is_no_longer_read(site):
    from refsite.monographs.models import Monograph

    assert respond("gammaex").redirect.slug == "gammazepam"
    Monograph.objects.filter(slug="gammazepam").delete()
    assert respond("gammaex").redirect is None


def test_reading_a_query_again_costs_no_database_query(site, django_assert_num_queries):
    understand.read(parse("alphazepam pregnancy"))
    with django_assert_num_queries(0):
        reading = understand.read(parse("alphaex and betaex pregnancy"))
    assert [m.slug for m in reading.medicines] == ["alphazepam", "betazepam"]
