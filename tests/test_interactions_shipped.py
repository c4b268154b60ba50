"""The interaction checker over the real content/: the pairs the shipped labels describe,
a pair they do not, groups, brand names and misspellings, drafts, and the page and API
as readers get them."""

import pytest
from django.urls import reverse

from refsite.interactions.views import NOT_SUMMARIZED, NOTHING_FOUND

from .formats import assert_valid
from .pages import parse_page
from .test_shipped_content import PUBLISHED

pytestmark = pytest.mark.django_db

API = "/api/v1/interactions"


def check(client, drugs):
    response = client.get(API, {"drugs": drugs})
    assert_valid(response.json(), API, str(response.status_code))
    return response


def pair(data, a, b):
    return next(p for p in data["pairs"] if sorted(p["medicines"]) == sorted([a, b]))


def actions(found):
    return [item["action"] for item in found["interactions"]]


def test_levothyroxine_and_metformin_meet_through_the_diabetes_group(client, shipped):
    found = pair(check(client, "levothyroxine,metformin").json(), "levothyroxine", "metformin")
    assert actions(found) == ["adjust-dose"]
    statement = found["interactions"][0]["statements"][0]
    assert statement["label"] == "levothyroxine"
    assert statement["citation"]["section"] == "7"
    assert statement["group"]["slug"] == "diabetes-medicines"
    assert statement["group"]["citation"] == {
        "monograph": "metformin", "source": "metformin-label", "label": statement["group"][
            "citation"]["label"], "labelUrl": statement["group"]["citation"]["labelUrl"],
        "section": "1"}


def test_two_ssris_are_two_serotonergic_drugs(client, shipped):
    found = pair(check(client, "sertraline,escitalopram").json(), "sertraline", "escitalopram")
    statement = found["interactions"][0]["statements"][0]
    assert statement["label"] == "escitalopram"
    assert statement["group"]["slug"] == "serotonergic-drugs"
    assert statement["group"]["sameGroup"] is True


def test_both_labels_speaking_of_the_pair_are_merged_with_both_citations(client, shipped):
    found = pair(check(client, "clonazepam,gabapentin").json(), "clonazepam", "gabapentin")
    assert actions(found) == ["monitor", "described"]
    described = found["interactions"][1]
    assert described["bothLabels"] is True
    assert {s["label"] for s in described["statements"]} == {"clonazepam", "gabapentin"}
    assert {s["citation"]["section"] for s in described["statements"]} == {
        "DOSAGE AND ADMINISTRATION", "7.2"}


def test_the_direction_does_not_matter(client, shipped):
    one = pair(check(client, "gabapentin,clonazepam").json(), "clonazepam", "gabapentin")
    other = pair(check(client, "clonazepam,gabapentin").json(), "clonazepam", "gabapentin")
    assert actions(one) == actions(other)


def test_a_pair_the_labels_do_not_describe_says_so_without_a_tick(client, shipped):
    data = check(client, "amoxicillin,metformin").json()
    assert pair(data, "amoxicillin", "metformin") == {
        "medicines": ["amoxicillin", "metformin"], "found": False, "notSummarized": [],
        "interactions": []}
    page = client.get("/interactions/", {"drugs": "amoxicillin,metformin"})
    text = page.content.decode()
    assert NOTHING_FOUND in text
    assert "✓" not in text and "✔" not in text


def test_a_page_summarizing_no_interactions_is_named_not_taken_as_silence(client, shipped):
    """Clopidogrel's page does not summarize its label's section 7: "the labels do not
    describe an interaction" would be unfounded for it, so the answer says so."""
    data = check(client, "clopidogrel,amoxicillin").json()
    assert pair(data, "clopidogrel", "amoxicillin")["notSummarized"] == ["clopidogrel"]
    page = client.get("/interactions/", {"drugs": "clopidogrel,amoxicillin"})
    text = page.content.decode()
    assert NOT_SUMMARIZED.format(name="clopidogrel") in text
    assert 'href="/drugs/clopidogrel/#interactions"' in text


def test_brand_names_and_misspellings_find_the_medicine(client, shipped):
    data = check(client, "Zoloft,LEXAPRO").json()
    assert [m["slug"] for m in data["medicines"]] == ["sertraline", "escitalopram"]
    assert data["medicines"][0]["typed"] == "Zoloft"
    data = check(client, "sertaline,escitalopram").json()
    assert [m["slug"] for m in data["medicines"]] == ["sertraline", "escitalopram"]


def test_the_generic_name_finds_a_page_that_covers_one_form(client, shipped):
    data = check(client, "metformin,topiramate").json()
    assert [m["slug"] for m in data["medicines"]] == [
        "metformin", "topiramate-extended-release-capsules"]
    assert "boxed" in actions(pair(data, "metformin", "topiramate-extended-release-capsules"))


def test_a_close_misspelling_gets_did_you_mean(client, shipped):
    data = check(client, "sertralinn,escitalopram").json()
    assert data["notInReference"] == [
        {"typed": "sertralinn", "beingReviewed": False, "suggestions": ["sertraline"]}]
    page = client.get("/interactions/", {"drugs": "sertralinn,escitalopram"})
    assert b'href="?drugs=escitalopram%2Csertraline"' in page.content


def test_a_draft_is_named_as_being_reviewed_never_checked(client, shipped):
    data = check(client, "sertraline,warfarin").json()
    assert data["notInReference"] == [
        {"typed": "warfarin", "beingReviewed": True, "suggestions": []}]
    assert data["pairs"] == []
    page = client.get("/interactions/", {"drugs": "sertraline,warfarin"})
    assert b"is being reviewed" in page.content


def test_an_unknown_medicine_is_named_not_dropped(client, shipped):
    data = check(client, "sertraline,escitalopram,notadrugatall").json()
    assert [u["typed"] for u in data["notInReference"]] == ["notadrugatall"]
    page = client.get("/interactions/", {"drugs": "sertraline,escitalopram,notadrugatall"})
    assert b"not in this reference yet" in page.content


def test_a_medicine_a_label_names_without_a_page_is_shown_from_that_label(client, shipped):
    data = check(client, "atorvastatin,clarithromycin").json()
    assert data["notInReference"][0]["typed"] == "clarithromycin"
    named = data["namedByLabels"][0]
    assert named["medicines"] == ["atorvastatin", "clarithromycin"]
    assert actions(named) == ["limit-dose"]
    assert named["interactions"][0]["statements"][0]["limit"] == "atorvastatin 20 mg a day at most"


def test_the_same_medicine_twice_is_checked_once(client, shipped):
    data = check(client, "sertraline,Zoloft,escitalopram").json()
    assert [m["slug"] for m in data["medicines"]] == ["sertraline", "escitalopram"]
    assert data["repeated"] == [{"typed": "Zoloft", "slug": "sertraline"}]
    assert len(data["pairs"]) == 1


def test_one_medicine_is_not_enough(client, shipped):
    response = check(client, "sertraline")
    assert response.status_code == 400
    assert "at least 2" in response.json()["problem"]


def test_eleven_medicines_are_too_many(client, shipped):
    names = ",".join(PUBLISHED[:10] + ["lorazepam"])
    assert len(names.split(",")) == 11
    response = check(client, names)
    assert response.status_code == 400
    assert "at most 10" in response.json()["problem"]
    page = client.get("/interactions/", {"drugs": names})
    assert page.status_code == 200 and b"at most 10" in page.content


def test_ten_medicines_give_forty_five_pairs(client, shipped):
    data = check(client, ",".join(PUBLISHED[:10])).json()
    assert len(PUBLISHED) >= 10 and len(data["pairs"]) == 45


def test_the_empty_form_is_a_page_with_the_notice(client, shipped):
    response = client.get("/interactions/")
    doc = parse_page(response.content)
    assert response.status_code == 200
    assert doc.find(".//form[@method='get']") is not None
    assert b"Consult your prescriber" in response.content


def test_results_are_cached_with_etags(client, shipped):
    response = client.get(API, {"drugs": "sertraline,escitalopram"})
    again = client.get(API, {"drugs": "sertraline,escitalopram"},
                       HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    page = client.get("/interactions/", {"drugs": "sertraline,escitalopram"})
    assert client.get("/interactions/", {"drugs": "sertraline,escitalopram"},
                      HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_published_interactions_section_links_to_the_checker(client, shipped, slug):
    response = client.get(reverse("monographs:detail", args=[slug]))
    doc = parse_page(response.content)
    section = doc.find(".//section[@id='interactions']")
    assert section is not None
    links = [a.get("href") for a in section.iter("a")]
    assert f"/interactions/?drugs={slug}" in links


def test_a_contraindicated_medicine_without_a_page_is_shown_from_the_label(client, shipped):
    """Potassium chloride's label forbids triamterene (section 4), and says why (7.1)."""
    data = check(client, "potassium chloride,triamterene").json()
    [named] = data["namedByLabels"]
    assert named["medicines"] == ["potassium-chloride-extended-release-tablets", "triamterene"]
    assert actions(named) == ["contraindicated", "described"]
