"""Schema, structure, citation and review rules, each reported at its line."""

import pytest

from .factories import SECTIONS, findings, front_matter, monograph_text


def test_valid_fixture_has_no_findings(content):
    content.write()
    assert content.check().findings == []


def test_missing_required_key_is_an_error(content):
    content.write(drug_class=None)
    [finding] = findings(content.check(), "FM001")
    assert "drug_class" in finding.message


def test_unknown_key_is_an_error_with_a_suggestion(content):
    meta = front_matter(slug="testazepam", brand_names=["Testazepam-brand"], synonyms=[])
    meta["reviewd_by"] = "typo"
    path = content.write(text=monograph_text(meta=meta))
    [finding] = findings(content.check(), "FM002")
    assert "reviewd_by" in finding.message and "reviewed_by" in finding.message
    line = path.read_text().splitlines().index("reviewd_by: typo") + 1
    assert finding.line == line


def test_unknown_unit_is_an_error(content):
    dosing = front_matter()["dosing"]
    dosing[0]["max_daily"] = {"value": 20, "unit": "mgs"}
    content.write(dosing=dosing)
    [finding] = findings(content.check(), "FM003")
    assert "mgs" in finding.message


def test_invalid_date_is_an_error(content):
    content.write(reviewed_on="2026-13-01")
    assert findings(content.check(), "FM003")


def test_status_must_be_reviewed_or_draft(content):
    content.write(status="published")
    [finding] = findings(content.check(), "FM003")
    assert "'reviewed'" in finding.message


def test_reviewed_content_needs_a_reviewer(content):
    content.write(reviewed_by=None)
    [finding] = findings(content.check(), "FM001")
    assert "reviewed_by" in finding.message


def test_draft_content_needs_no_reviewer(content):
    content.write(status="draft", reviewed_by=None, reviewed_on=None, review_due=None)
    assert content.check().findings == []


def test_slug_must_equal_file_name(content):
    content.write(slug="testazepam", text=monograph_text(slug="other"))
    assert findings(content.check(), "FM004")


def test_brand_name_cannot_belong_to_two_monographs(content):
    content.write("alpha", brand_names=["Shared"])
    content.write("beta", brand_names=["Shared"])
    [finding] = findings(content.check(), "FM006")
    assert "Shared" in finding.message


def test_missing_required_section_is_reported(content):
    sections = {k: v for k, v in SECTIONS.items() if k != "Side effects"}
    content.write(sections=sections)
    [finding] = findings(content.check(), "STRUCT001")
    assert "Side effects" in finding.message


def test_sections_out_of_order_are_reported(content):
    sections = dict(SECTIONS)
    sections = {"Mechanism of action": sections.pop("Mechanism of action"), **sections}
    content.write(sections=sections)
    assert findings(content.check(), "STRUCT002")


def test_empty_section_is_reported(content):
    content.write(sections={**SECTIONS, "Overdose": ""})
    [finding] = findings(content.check(), "STRUCT003")
    assert "Overdose" in finding.message


def test_text_before_first_section_is_reported(content):
    body = "Stray text.\n\n" + "\n\n".join(f"## {k}\n\n{v}" for k, v in SECTIONS.items())
    content.write(body=body)
    assert findings(content.check(), "STRUCT004")


def test_unknown_section_is_reported(content):
    content.write(sections={**SECTIONS, "Fun facts": "None.[^test-label]"})
    assert findings(content.check(), "STRUCT005")


def test_duplicate_section_is_reported(content):
    body = "\n\n".join(f"## {k}\n\n{v}" for k, v in SECTIONS.items())
    content.write(body=body + "\n\n## Warnings\n\nAgain.[^test-label]\n")
    assert findings(content.check(), "STRUCT006")


def test_required_section_without_citation_is_reported_at_its_heading(content):
    path = content.write(sections={**SECTIONS, "Indications": "Used for seizures."})
    [finding] = findings(content.check(), "CITE001")
    assert finding.line == path.read_text().splitlines().index("## Indications") + 1


def test_citation_of_undeclared_source_is_reported(content):
    content.write(sections={**SECTIONS, "Side effects": "Drowsy.[^nowhere]"})
    [finding] = findings(content.check(), "CITE002")
    assert "nowhere" in finding.message


def test_declared_source_never_cited_is_reported(content):
    sources = front_matter()["sources"] + [{
        "id": "unused", "title": "Unused", "url": "https://example.org/u",
        "set_id": "00000000-1111-2222-3333-555555555555", "read_on": "2026-09-30",
    }]
    content.write(sources=sources)
    [finding] = findings(content.check(), "CITE003")
    assert "unused" in finding.message


def test_review_date_in_the_future_is_an_error(content):
    content.write(reviewed_on="2026-07-01", review_due="2027-07-01")
    assert findings(content.check(), "REVIEW001")


def test_review_due_before_review_is_an_error(content):
    content.write(reviewed_on="2026-01-10", review_due="2026-01-01")
    assert findings(content.check(), "REVIEW002")


@pytest.mark.parametrize("status, expected", [("reviewed", 1), ("draft", 0)])
def test_overdue_review_blocks_only_reviewed_content(content, status, expected):
    content.write(status=status, reviewed_on="2025-01-10", review_due="2026-01-10")
    assert len(findings(content.check(), "REVIEW003")) == expected


def test_every_cited_indication_passes(content):
    content.write(sections={**SECTIONS, "Indications":
                            "Two uses.[^test-label]\n\n- Seizures.[^test-label]\n"
                            "- Panic disorder, with\n  or without agoraphobia.[^test-label]"})
    assert findings(content.check(), "CITE004") == []


def test_an_uncited_indication_is_reported_at_its_line(content):
    path = content.write(sections={**SECTIONS, "Indications":
                                   "Two uses.[^test-label]\n\n- Seizures.[^test-label]\n"
                                   "- Infantile spasms."})
    [finding] = findings(content.check(), "CITE004")
    assert path.read_text().splitlines()[finding.line - 1] == "- Infantile spasms."


def test_a_missing_reviewer_is_reported_at_the_status_line(content):
    path = content.write(reviewed_by=None)
    [finding] = findings(content.check(), "FM001")
    assert path.read_text().splitlines()[finding.line - 1] == "status: reviewed"


def test_a_missing_reviewer_does_not_hide_the_other_problems(content):
    content.write(reviewed_by=None, sections={**SECTIONS, "Dosing": "Take 2 g.[^test-label]"})
    assert {"FM001", "DOSE002"} <= {f.code for f in content.check().findings}


def test_broken_dosing_stops_the_rules_that_read_it(content):
    dosing = front_matter()["dosing"]
    dosing[0]["max_daily"] = {"value": 20, "unit": "mgs"}
    content.write(dosing=dosing)
    assert [f.code for f in content.check().findings] == ["FM003"]


def test_two_monographs_with_one_slug_are_reported(content):
    content.write("alpha")
    content.root.joinpath("monographs", "beta.md").write_text(
        monograph_text(slug="alpha", brand_names=["Other"], synonyms=[]))
    assert [f.code for f in content.check().findings if f.code == "FM005"] == ["FM005"]


def test_a_list_under_a_cited_lead_in_ending_with_a_colon_is_covered(content):
    content.write(sections={**SECTIONS, "Indications":
                            "The label lists two uses:[^test-label]\n\n- Seizures.\n"
                            "- Panic disorder.\n\nNot for spasms."})
    [finding] = findings(content.check(), "CITE004")
    assert "Not for spasms." in finding.message
