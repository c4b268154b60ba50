"""The read-only JSON API and its OpenAPI description."""

import json

import pytest
from django.test import Client
from openapi_spec_validator import validate as validate_openapi

from refsite.monographs.models import Revision

from .factories import FRONT_MATTER, PROJECT_CONTENT, SECTIONS
from .formats import assert_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content):
    content.write("alpha", changes="First version.", rxcui="12345",
                  controlled_substance="C-IV")
    content.write("beta", brand_names=[], synonyms=["betamol"])
    content.load()
    return content


def test_openapi_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)


def test_openapi_dose_units_are_the_content_schema_units(client):
    """A unit editors may write (mEq for potassium chloride) must not make the API's own
    description reject the page that uses it."""
    document = client.get("/api/v1/openapi.json").json()
    content_schema = json.loads(
        (PROJECT_CONTENT / "schema" / "monograph.schema.json").read_text(encoding="utf-8"))
    assert document["components"]["schemas"]["Unit"]["enum"] \
        == content_schema["$defs"]["unit"]["enum"]


def test_list_has_every_published_monograph_and_matches_its_schema(client, loaded):
    data = client.get("/api/v1/monographs/").json()
    assert_valid(data, "/api/v1/monographs/")
    assert data["count"] == 2
    alpha = data["monographs"][0]
    assert alpha["slug"] == "alpha" and alpha["revision"] == 1
    assert alpha["controlled_substance"] == "C-IV"
    assert alpha["links"]["api"] == "http://testserver/api/v1/monographs/alpha"
    assert alpha["links"]["fhir"] == "http://testserver/fhir/MedicationKnowledge/alpha"


def test_detail_has_front_matter_sections_dosing_sources_and_revision(client, loaded):
    response = client.get("/api/v1/monographs/alpha")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert_valid(data, "/api/v1/monographs/{slug}")
    for key in ("generic_name", "brand_names", "drug_class", "summary", "boxed_warning",
                "reviewed_by", "reviewed_on", "review_due"):
        assert data[key] == {**FRONT_MATTER, "generic_name": "alpha",
                             "brand_names": ["Alpha-brand"]}[key]
    assert (data["rxcui"], data["changes"]) == ("12345", "First version.")
    assert data["dosing"] == FRONT_MATTER["dosing"]
    assert data["sources"] == FRONT_MATTER["sources"]
    assert [s["title"] for s in data["sections"]] == list(SECTIONS)
    assert '<a href="#source-test-label"' in data["sections"][0]["html"]
    revision = Revision.objects.get(monograph__slug="alpha")
    assert data["revision"]["number"] == 1
    assert data["revision"]["content_hash"] == revision.content_hash
    assert data["revision"]["changes"] == "First version."


def test_detail_sections_are_the_sanitized_html(client, content):
    path = content.write(sections={
        **SECTIONS, "Dosing": "1.5 mg a day.[^test-label] <script>x()</script>"})
    content.store_unchecked(path)
    dosing = client.get("/api/v1/monographs/testazepam").json()["sections"][2]
    assert dosing["anchor"] == "dosing" and "<script" not in dosing["html"]


def test_unknown_slug_is_a_404_error_document(client, loaded):
    response = client.get("/api/v1/monographs/alpha-brand")
    assert response.status_code == 404
    assert_valid(response.json(), "/api/v1/monographs/{slug}", "404")


@pytest.mark.parametrize("url", ["/api/v1/monographs/", "/api/v1/monographs/alpha",
                                 "/api/v1/openapi.json", "/fhir/MedicationKnowledge/alpha"])
def test_only_get_and_head_are_allowed(url, loaded):
    client = Client(enforce_csrf_checks=True)
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, method
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head(url).status_code == 200


def test_drafts_and_removed_monographs_are_not_in_the_api(client, published_draft_and_removed):
    listed = [m["slug"] for m in client.get("/api/v1/monographs/").json()["monographs"]]
    assert listed == ["alpha"]
    assert client.get("/api/v1/monographs/beta").status_code == 404
    assert client.get("/api/v1/monographs/gamma").status_code == 404


def test_list_queries_do_not_grow_with_the_number_of_monographs(
        client, content, django_assert_max_num_queries):
    for slug in ("alpha", "beta", "gamma", "delta", "epsilon"):
        content.write(slug)
    content.load()
    # The list itself; revision_cached adds a constant 4 (revision lookup, snapshot
    # transaction statements).
    with django_assert_max_num_queries(5):
        data = client.get("/api/v1/monographs/").json()
    assert data["count"] == 5


def test_detail_takes_a_fixed_number_of_queries(client, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # 3, 1 for the label status, 4 from revision_cached
        client.get("/api/v1/monographs/alpha")


def test_json_keeps_non_ascii_text_readable(client, content):
    content.write(summary="Testazepam is a made-up medicine for tests – with an en dash.")
    content.load()
    body = client.get("/api/v1/monographs/testazepam").content.decode()
    assert "– with an en dash" in body
    assert json.loads(body)["summary"].endswith("en dash.")
