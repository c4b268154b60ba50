"""`misspellings`: kept for search only, never shown to software as names of the medicine
(FHIR and JSON-LD carry brand names and synonyms, the API leaves them out), and held to
the same one-name-one-monograph rule as brand names and synonyms."""

import json
from pathlib import Path

import pytest

from refsite.monographs.models import Alias, Monograph
from refsite.publishing import run
from refsite.publishing.findings import ContentError
from refsite.search.ranking import search

from .formats import assert_valid, structured_data

pytestmark = pytest.mark.django_db

NAMES = {"brand_names": ["Testopin"], "synonyms": ["testazepam hydrochloride"],
         "misspellings": ["testazepan", "testopine"]}


@pytest.fixture
def loaded(content):
    content.write(**NAMES)
    content.load()
    return content


def test_json_ld_alternate_names_are_brand_names_and_synonyms_only(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    drug = structured_data(html)["about"]
    assert drug["alternateName"] == ["Testopin", "testazepam hydrochloride"]
    assert "testazepan" not in html and "testopine" not in html


def test_json_ld_has_no_alternate_names_when_there_are_none(client, content):
    content.write(brand_names=[], synonyms=[], misspellings=["testazepan"])
    content.load()
    drug = structured_data(client.get("/drugs/testazepam/").content.decode())["about"]
    assert "alternateName" not in drug


def test_api_detail_leaves_misspellings_out(client, loaded):
    data = client.get("/api/v1/monographs/testazepam").json()
    assert_valid(data, "/api/v1/monographs/{slug}")
    assert "misspellings" not in data
    assert data["synonyms"] == ["testazepam hydrochloride"]


def test_misspellings_are_stored_apart_from_synonyms(loaded):
    monograph = Monograph.objects.get(slug="testazepam")
    assert monograph.synonyms == ["testazepam hydrochloride"]
    assert monograph.misspellings == ["testazepan", "testopine"]
    assert sorted(monograph.aliases.values_list("name", "kind")) == [
        ("Testopin", Alias.Kind.BRAND), ("testazepam hydrochloride", Alias.Kind.SYNONYM),
        ("testazepan", Alias.Kind.MISSPELLING), ("testopine", Alias.Kind.MISSPELLING)]


def test_a_misspelling_address_redirects_as_a_synonym_address_does(client, loaded):
    # As before the field existed, when these names were synonyms: a typed address
    # reaches the page; nothing lists it (the A to Z lists brand names only).
    for slug in ("testazepam-hydrochloride", "testazepan"):
        response = client.get(f"/drugs/{slug}/")
        assert (response.status_code, response["Location"]) == (301, "/drugs/testazepam/")
    assert "testazepan" not in client.get("/drugs/").content.decode()


@pytest.mark.parametrize("slug, names", [
    ("alpha", {"brand_names": ["Alphapin"]}),
    ("alpha", {"synonyms": ["alphapin"]}),
    ("alpha", {"misspellings": ["ALPHAPIN"]}),
    ("alphapin", {}),  # the generic name
])
def test_a_misspelling_may_not_be_a_name_of_another_monograph(content, slug, names):
    content.write(slug, **{"brand_names": [], **names})
    content.write("beta", brand_names=[], misspellings=["alphapin"])
    clashes = [f for f in content.check().findings if f.code == "FM006"]
    [finding] = clashes
    assert finding.path.endswith("beta.md") and "alphapin" in finding.message


def test_a_name_may_not_be_another_monographs_misspelling(content):
    content.write("alpha", brand_names=[], misspellings=["alphapin"])
    content.write("beta", brand_names=["Alphapin"])
    [finding] = [f for f in content.check().findings if f.code == "FM006"]
    assert finding.path.endswith("beta.md")


def test_a_changed_file_cannot_take_a_misspelling_of_an_unchanged_one(content):
    content.write("alpha", misspellings=["alphapin"])
    content.write("beta")
    content.load()
    content.write("beta", synonyms=["alphapin"], reviewed_on="2026-05-01",
                  changes="Synonym added.")  # re-reviewed: REVIEW004
    with pytest.raises(ContentError) as raised:
        content.load()  # alpha is skipped as unchanged: its stored row still counts
    assert [(f.path, f.code) for f in raised.value.findings] == [
        ("content/monographs/beta.md", "FM006")]


SHIPPED = Path(__file__).resolve().parent.parent / "content"


def test_shipped_misspellings_reach_search_but_not_fhir_or_json_ld(client):
    run.load([SHIPPED / "monographs" / "sertraline.md"], root=SHIPPED)
    fhir = json.loads(client.get("/fhir/MedicationKnowledge/sertraline").content)
    drug = structured_data(client.get("/drugs/sertraline/").content.decode())["about"]
    assert fhir["synonym"] == drug["alternateName"] == ["Zoloft", "sertraline hydrochloride"]
    results = search("zolft")
    assert [h.listing.slug for h in results.hits][:1] == ["sertraline"] and not results.fuzzy
