"""FHIR R4 MedicationKnowledge, validated by the fhir.resources models.

fhir.resources 8 ships R5 as its default and R4B as a module; R4B's MedicationKnowledge
has the same elements as R4's, so its model checks our R4 resource.
"""

import json

import pytest
from fhir.resources.R4B.medicationknowledge import MedicationKnowledge
from fhir.resources.R4B.operationoutcome import OperationOutcome

from .factories import FRONT_MATTER

pytestmark = pytest.mark.django_db

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

PEDIATRIC = {
    "indication": "Seizure disorders",
    "population": "Children",
    "weight_based": True,
    "route": "oral",
    "frequency": "Two or three doses a day",
    "initial": {"value": 0.01, "to": 0.03, "unit": "mg/kg/day"},
    "maintenance": {"value": 0.1, "to": 0.2, "unit": "mg/kg/day"},
    "max_daily": None,
    "max_daily_note": "No separate ceiling in the fixture label",
}


def fetch(client, slug):
    response = client.get(f"/fhir/MedicationKnowledge/{slug}")
    assert response["Content-Type"] == "application/fhir+json"
    return response, json.loads(response.content)


@pytest.fixture
def resource(client, content):
    content.write(rxcui="12345", controlled_substance="C-IV",
                  synonyms=["testazepam hydrochloride"], misspellings=["testazepan", "testopine"],
                  dosing=[*FRONT_MATTER["dosing"], PEDIATRIC])
    content.load()
    response, data = fetch(client, "testazepam")
    assert response.status_code == 200
    return data


def test_resource_validates_as_r4_medication_knowledge(resource):
    model = MedicationKnowledge.model_validate(resource)
    assert model.id == "testazepam"


def test_code_carries_rxnorm_when_rxcui_is_given(resource):
    assert resource["code"]["coding"] == [
        {"system": RXNORM, "code": "12345", "display": "testazepam"}]


def test_code_has_no_coding_without_rxcui(client, content):
    content.write()
    content.load()
    _, data = fetch(client, "testazepam")
    MedicationKnowledge.model_validate(data)
    assert data["code"] == {"text": "testazepam"}


def test_synonyms_are_brand_names_and_synonyms_never_misspellings(resource):
    assert resource["synonym"] == ["Testazepam-brand", "testazepam hydrochloride"]
    assert "testazepan" not in json.dumps(resource)
    assert "testopine" not in json.dumps(resource)


def test_each_dose_rule_is_an_administration_guideline(resource):
    adult, child = resource["administrationGuidelines"]
    assert adult["indicationCodeableConcept"] == {"text": "Seizure disorders"}
    assert adult["patientCharacteristics"] == [
        {"characteristicCodeableConcept": {"text": "Adults"}}]
    phases = {d["type"]["text"]: d["dosage"][0] for d in adult["dosage"]}
    assert list(phases) == ["Starting dose", "Titration"]
    start = phases["Starting dose"]
    assert start["doseAndRate"] == [{"doseQuantity": {"value": 1.5, "unit": "mg/day"}}]
    assert start["route"] == {"text": "oral"}
    assert start["maxDosePerPeriod"]["numerator"] == {"value": 20, "unit": "mg"}
    assert start["maxDosePerPeriod"]["denominator"]["code"] == "d"
    assert phases["Titration"]["doseAndRate"] == [{"doseRange": {
        "low": {"value": 0.5, "unit": "mg"}, "high": {"value": 1, "unit": "mg"}}}]
    assert phases["Titration"]["text"] == "Increase by 0.5 to 1 mg every 3 days"


def test_missing_maximum_is_stated_in_words_not_invented(resource):
    child = resource["administrationGuidelines"][1]
    for phase in child["dosage"]:
        dosage = phase["dosage"][0]
        assert "maxDosePerPeriod" not in dosage
        assert {"text": "Maximum a day: No separate ceiling in the fixture label"} in (
            dosage["additionalInstruction"])


def test_regulatory_schedule_is_the_controlled_substance_class(resource):
    schedule = resource["regulatory"][0]["schedule"][0]["schedule"]
    assert schedule == {"text": "Schedule IV (C-IV)"}


def test_monograph_references_the_page_and_the_label(resource):
    contained = {r["id"]: r for r in resource["contained"]}
    refs = [m["source"]["reference"] for m in resource["monograph"]]
    assert refs == ["#monograph-page", "#source-test-label"]
    page = contained["monograph-page"]["content"][0]["attachment"]
    assert page["url"] == "http://testserver/drugs/testazepam/"
    label = contained["source-test-label"]["content"][0]["attachment"]
    assert label["url"] == "https://example.org/testopin"


def test_unknown_or_unpublished_is_a_404_operation_outcome(client, published_draft_and_removed):
    assert fetch(client, "alpha")[0].status_code == 200
    for slug in ("beta", "gamma", "nothing"):
        response, data = fetch(client, slug)
        assert response.status_code == 404
        assert OperationOutcome.model_validate(data).issue[0].code == "not-found"


def test_metadata_is_a_valid_capability_statement_for_reading_medication_knowledge(client):
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

    response = client.get("/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    statement = CapabilityStatement.model_validate(response.json())
    [rest] = statement.rest
    [resource] = rest.resource
    assert resource.type == "MedicationKnowledge"
    assert [i.code for i in resource.interaction] == ["read"]
