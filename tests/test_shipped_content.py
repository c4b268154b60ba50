"""The real content/ folder: every file loads and every page carries what readers rely on."""

import json
import re
from pathlib import Path

import pytest
import textstat
from fhir.resources.R4B.medicationknowledge import MedicationKnowledge

from refsite.monographs.browse import class_slug, condition_slug
from refsite.monographs.models import Monograph
from refsite.publishing import run
from refsite.publishing.parse import load_plain_yaml, parse_file
from refsite.publishing.preview import write_previews
from refsite.search.ranking import search

from .formats import assert_valid, structured_data
from .pages import parse_page

CONTENT = Path(__file__).resolve().parent.parent / "content"
SHIPPED = sorted(p.stem for p in (CONTENT / "monographs").glob("*.md"))


def _status(slug):
    text = (CONTENT / "monographs" / f"{slug}.md").read_text(encoding="utf-8")
    return load_plain_yaml(text.split("---\n")[1])["status"]


PUBLISHED = [slug for slug in SHIPPED if _status(slug) == "reviewed"]
DRAFTS = [slug for slug in SHIPPED if _status(slug) == "draft"]


def test_content_folder_is_not_empty():
    assert "clonazepam" in SHIPPED


def test_shipped_content_has_zero_errors_and_zero_warnings():
    result = run.check(root=CONTENT)
    assert [f.format() for f in result.findings] == []
    assert result.files == len(SHIPPED)


def test_every_shipped_file_previews_as_a_page(tmp_path):
    result = run.check(root=CONTENT)
    pages = write_previews(result, tmp_path)
    assert sorted(p.filename for p in pages) == [f"{slug}.html" for slug in SHIPPED]


@pytest.mark.django_db
def test_every_shipped_file_loads_through_the_full_pipeline(shipped):
    stored = Monograph.objects.filter(is_active=True)
    assert sorted(stored.values_list("slug", flat=True)) == SHIPPED
    for monograph in stored:
        assert monograph.sections.exists() and monograph.dose_rules.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", DRAFTS)
def test_shipped_drafts_are_stored_but_never_served(client, shipped, slug):
    assert not Monograph.objects.published().filter(slug=slug).exists()
    assert client.get(f"/drugs/{slug}/").status_code == 404
    assert f"/drugs/{slug}/" not in client.get("/drugs/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name, page", [
    ("topiramate", "topiramate-extended-release-capsules"),
    ("rivaroxaban", "rivaroxaban-2-5-mg-tablets"),
    ("potassium-chloride", "potassium-chloride-extended-release-tablets"),
])
def test_the_generic_name_of_a_one_form_page_leads_there_for_now(client, shipped, name, page):
    response = client.get(f"/drugs/{name}/")
    assert response.status_code == 302
    assert response["Location"] == f"/drugs/{page}/"


@pytest.mark.django_db
def test_the_generic_name_of_a_draft_leads_nowhere(client, shipped):
    assert client.get("/drugs/valsartan/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_published_page_has_notice_source_and_review(client, shipped, slug):
    monograph = Monograph.objects.get(slug=slug)
    assert Monograph.objects.published().filter(slug=monograph.slug).exists()
    html = client.get(f"/drugs/{slug}/").content.decode()
    assert "Consult your prescriber" in html
    for source in monograph.sources.all():
        assert f'id="source-{source.key}"' in html
        assert source.identity in html
    assert monograph.reviewed_by in html
    assert monograph.reviewed_on.isoformat() in html
    assert monograph.review_due.isoformat() in html


# Browse, history and machine-readable formats on the shipped content.

def _published(slug):
    monograph = Monograph.objects.get(slug=slug)
    assert Monograph.objects.published().filter(slug=monograph.slug).exists()
    return monograph


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/drugs/", "/classes/", "/conditions/"])
def test_browse_indexes_are_valid_pages(client, shipped, url):
    response = client.get(url)
    assert response.status_code == 200
    parse_page(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_published_monograph_is_reachable_from_every_browse_page(client, shipped, slug):
    monograph = _published(slug)
    href = f'href="{monograph.get_absolute_url()}'
    assert href in client.get("/drugs/").content.decode()
    class_page = client.get(f"/classes/{class_slug(monograph.drug_class)}/")
    assert href in class_page.content.decode()
    parse_page(class_page.content.decode())
    for rule in monograph.dose_rules.all():
        filed_under = rule.condition or rule.indication
        condition = client.get(f"/conditions/{condition_slug(filed_under)}/")
        assert href in condition.content.decode()
        parse_page(condition.content.decode())
    for brand in monograph.brand_names:
        assert f'{href}">{brand}</a>' in client.get("/drugs/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", PUBLISHED)
def test_history_and_first_diff_are_valid_pages(client, shipped, slug):
    monograph = _published(slug)
    revision = monograph.current_revision
    history = client.get(f"/drugs/{slug}/history/").content.decode()
    parse_page(history)
    assert revision.content_hash in history
    diff = client.get(f"/drugs/{slug}/history/1...{revision.number}/")
    assert diff.status_code == 200
    parse_page(diff.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("slug", PUBLISHED)
def test_api_fhir_and_json_ld_describe_the_same_monograph(client, shipped, slug):
    monograph = _published(slug)
    detail = client.get(f"/api/v1/monographs/{slug}").json()
    assert_valid(detail, "/api/v1/monographs/{slug}")
    assert detail["dosing"] == monograph.front_matter["dosing"]
    assert detail["revision"]["content_hash"] == monograph.content_hash
    fhir = json.loads(client.get(f"/fhir/MedicationKnowledge/{slug}").content)
    MedicationKnowledge.model_validate(fhir)
    assert len(fhir["administrationGuidelines"]) == len(monograph.front_matter["dosing"])
    html = client.get(f"/drugs/{slug}/").content.decode()
    page = structured_data(html)
    assert page["about"]["warning"] == monograph.boxed_warning
    assert page["lastReviewed"] == monograph.reviewed_on.isoformat()


@pytest.mark.django_db
def test_clonazepam_everywhere(client, shipped):
    listed = client.get("/api/v1/monographs/").json()
    assert_valid(listed, "/api/v1/monographs/")
    assert "clonazepam" in [m["slug"] for m in listed["monographs"]]
    az = client.get("/drugs/").content.decode()
    assert '<a href="/drugs/clonazepam/">Klonopin</a>' in az
    conditions = client.get("/conditions/").content.decode()
    assert 'href="/conditions/seizure-disorder/"' in conditions
    assert 'href="/conditions/panic-disorder/"' in conditions
    fhir = json.loads(client.get("/fhir/MedicationKnowledge/clonazepam").content)
    assert fhir["regulatory"][0]["schedule"][0]["schedule"]["text"] == "Schedule IV (C-IV)"
    assert "Klonopin" in fhir["synonym"]
    about = structured_data(client.get("/drugs/clonazepam/").content.decode())["about"]
    assert about["drugClass"]["name"] == "Benzodiazepine"
    assert about["administrationRoute"] == ["oral"]
    feed = client.get("/feeds/changes/").content.decode()
    assert "Clonazepam: revision 1" in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/drugs/clonazepam/</loc>" in sitemap
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


# Search over the shipped content

@pytest.mark.parametrize("query", ["clonazepam", "Klonopin", "klonopin", "clona",
                                   "clonazepan", "klonopine"])
@pytest.mark.django_db
def test_shipped_clonazepam_is_first_for_its_names_and_misspellings(shipped, query):
    assert search(query).hits[0].listing.slug == "clonazepam"


@pytest.mark.parametrize("query, anchor", [
    ("panic disorder", None),
    ("significant liver disease", "contraindications"),
])
@pytest.mark.django_db
def test_shipped_clonazepam_is_found_by_words_in_its_sections(shipped, query, anchor):
    hits = {h.listing.slug: h for h in search(query).hits}
    assert "clonazepam" in hits
    if anchor:
        assert hits["clonazepam"].anchor == anchor


# Plain words for patients, measured

def _reading_grade(markdown):
    text = re.sub(r"\[\^[^\]]+\]", "", markdown)  # citations
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their words only
    return textstat.flesch_kincaid_grade(text)


@pytest.mark.parametrize("slug", PUBLISHED)
def test_published_summary_reads_at_grade_8_or_below(slug):
    doc = parse_file(CONTENT / "monographs" / f"{slug}.md", CONTENT, 10**6)
    assert _reading_grade(doc.meta["summary"]) <= 8


@pytest.mark.parametrize("slug", PUBLISHED)
def test_published_side_effects_read_at_grade_10_or_below(slug):
    doc = parse_file(CONTENT / "monographs" / f"{slug}.md", CONTENT, 10**6)
    assert _reading_grade(doc.section("Side effects").markdown) <= 10
