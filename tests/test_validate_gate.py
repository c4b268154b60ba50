"""The gate against edits that would otherwise publish quietly: each is an error at its
line, and the text it must not flag still passes."""

import pytest

from .factories import SECTIONS, findings


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
