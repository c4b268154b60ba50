"""schema.org JSON-LD on monograph pages, read back with a real HTML parser."""

import json

import pytest

from refsite.monographs.jsonld import script_json

from .formats import structured_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, content):
    content.write(rxcui="12345", brand_names=["Testopin"])
    content.load()
    return structured_data(client.get("/drugs/testazepam/").content.decode())


def test_page_is_a_medical_web_page_with_review_facts(page):
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "MedicalWebPage"
    assert page["url"] == "http://testserver/drugs/testazepam/"
    assert page["lastReviewed"] == "2026-01-10"
    assert page["reviewedBy"]["name"].startswith("Test reviewers")


def test_citations_are_the_sources(page):
    assert page["citation"] == [{
        "@type": "CreativeWork",
        "name": "TESTOPIN (testazepam) tablets: Prescribing Information",
        "url": "https://example.org/testopin",
        "identifier": {"@type": "PropertyValue", "propertyID": "DailyMed set id",
                       "value": "00000000-1111-2222-3333-444444444444"},
        "version": "12",
        "publisher": {"@type": "Organization", "name": "Fixture Pharma"},
        "dateModified": "2025-06-02",
    }]


def test_about_is_the_drug(page):
    drug = page["about"]
    assert drug["@type"] == "Drug"
    assert drug["name"] == drug["nonProprietaryName"] == "testazepam"
    assert drug["proprietaryName"] == ["Testopin"]
    assert drug["drugClass"] == {"@type": "DrugClass", "name": "Benzodiazepine"}
    assert drug["administrationRoute"] == ["oral"]
    assert drug["warning"] == ["Risks from concomitant use with opioids"]
    assert drug["code"]["codeValue"] == "12345"


def test_markup_characters_are_escaped_inside_the_script(client, content):
    # the check refuses markup in front matter (FM007): store it as if it got past
    content.store_unchecked(content.write(reviewed_by="Smith & Jones </script><b>pharmacists</b>"))
    html = client.get("/drugs/testazepam/").content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u0026" in block and "\\u003c/script\\u003e" in block
    assert structured_data(html)["reviewedBy"]["name"] == (
        "Smith & Jones </script><b>pharmacists</b>")


def test_script_json_round_trips():
    data = {"a": "<&>", "b": ["é", 1]}
    assert json.loads(script_json(data)) == data
