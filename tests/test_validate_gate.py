"""The gate against edits that would otherwise publish quietly: each is an error at its
line, and the text it must not flag still passes."""

import pytest

from .factories import SECTIONS, findings, front_matter, monograph_text


def line_of(path, snippet):
    """1-based number of the first line of the file at `path` containing `snippet`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if snippet in text)


# --- CITE001: every section with text cites a source ------------------------------------

@pytest.mark.parametrize("title", ["Contraindications", "Interactions",
                                   "Pregnancy and breastfeeding", "Overdose", "Storage"])
def test_an_optional_section_without_a_citation_is_an_error_at_its_heading(content, title):
    path = content.write(sections={**SECTIONS, title: "Avoid with alcohol."})
    [finding] = findings(content.check(), "CITE001")
    assert finding.line == line_of(path, f"## {title}")
    assert title in finding.message and finding.is_error


def test_a_cited_optional_section_passes(content):
    content.write(sections={**SECTIONS, "Interactions": "Avoid with alcohol.[^test-label]",
                            "Storage": "Keep at room temperature.[^test-label]"})
    assert content.check().findings == []


# --- CITE005: a source date in the future (the check runs on 2026-06-01) ---------------

def source(**changes):
    return [{**front_matter()["sources"][0], **changes}]


@pytest.mark.parametrize("key, value", [
    ("effective", "2026-06-02"), ("read_on", "2027-01-01"), ("revised", "2026-07"),
    ("revised", "2026-06-02"),
])
def test_a_source_date_after_today_is_an_error_at_its_line(content, key, value):
    path = content.write(sources=source(**{key: value}))
    [finding] = findings(content.check(), "CITE005")
    assert finding.line == line_of(path, f"{key}: ")
    assert value in finding.message and finding.is_error


@pytest.mark.parametrize("key, value", [
    ("effective", "2026-06-01"), ("read_on", "2026-05-31"), ("revised", "2026-06"),
    ("revised", "2026-05"),
])
def test_a_source_date_up_to_today_passes(content, key, value):
    content.write(sources=source(**{key: value}))
    assert content.check().findings == []


def test_each_future_date_of_each_source_is_reported(content):
    second = {**front_matter()["sources"][0], "id": "second-label",
              "set_id": "00000000-1111-2222-3333-555555555555", "effective": "2030-01-01",
              "read_on": "2030-01-02"}
    content.write(sources=source(revised="2031-01") + [second],
                  sections={**SECTIONS, "Storage": "Dry.[^second-label]"})
    reported = sorted(f.message.split(":")[1].split()[0]
                      for f in findings(content.check(), "CITE005"))
    assert reported == ["effective", "read_on", "revised"]


# --- SUMMARY001: no dose in the patient summary -----------------------------------------

PLAIN = "Testazepam is a made-up medicine used only in tests."


@pytest.mark.parametrize("dose", ["0.5 mg twice a day", "20 mg a day", "1 g", "5 mL",
                                  "10 units", "10mg", ".5 mg", "0,5 mg", "2.5 mg/mL",
                                  "250 micrograms", "5 ug"])
def test_a_dose_in_the_summary_is_an_error_at_its_line_and_column(content, dose):
    path = content.write(summary=f"{PLAIN} Adults take {dose}.")
    [finding] = findings(content.check(), "SUMMARY001")
    line = line_of(path, "summary:")
    assert (finding.line, finding.col) == (line, path.read_text().splitlines()[line - 1]
                                           .index(dose.split()[0]) + 1)
    assert finding.is_error and "Dosing" in finding.message


def test_a_dose_on_a_folded_line_is_reported_where_it_is_written(content):
    text = monograph_text(summary=PLAIN).replace(
        f"summary: {PLAIN}",
        "summary: >-\n  Testazepam 2 is a made-up medicine used\n  only in tests; take 2 mg.")
    path = content.write(text=text)
    [finding] = findings(content.check(), "SUMMARY001")
    line = line_of(path, "take 2 mg")
    column = path.read_text().splitlines()[line - 1].index("2 mg") + 1
    assert (finding.line, finding.col) == (line, column)


@pytest.mark.parametrize("summary", [
    PLAIN, f"{PLAIN} It treats type 2 diabetes in people over 18 years.",
    f"{PLAIN} Take it once a day, 2 hours after a meal.",
])
def test_a_summary_without_a_dose_passes(content, summary):
    content.write(summary=summary)
    assert content.check().findings == []


def test_the_summary_is_checked_when_other_keys_are_broken(content):
    content.write(drug_class=None, sources="not a list", summary=f"{PLAIN} Take 3 mg.")
    assert findings(content.check(), "SUMMARY001")
