"""The gate against edits that would otherwise publish quietly: each is an error at its
line, and the text it must not flag still passes."""

import pytest

from .factories import SECTIONS, findings, front_matter


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
