"""CONTROL001: a page that shows a controlled substance sets controlled_substance."""

from .factories import SECTIONS, findings, front_matter

ABUSE = "Abuse, misuse, and addiction"
WARNINGS = {**SECTIONS, "Warnings": f"- **{ABUSE}:** can occur.[^test-label]"}


def test_a_boxed_abuse_warning_without_a_schedule_is_an_error(content):
    path = content.write(boxed_warning=[ABUSE], sections=WARNINGS)
    [finding] = findings(content.check(), "CONTROL001")
    assert ABUSE in path.read_text().splitlines()[finding.line - 1]


def test_a_schedule_in_the_label_title_counts(content):
    source = {**front_matter()["sources"][0], "title": "TESTOPIN tablets, CIV: Label"}
    content.write(sources=[source])
    [finding] = findings(content.check(), "CONTROL001")
    assert "CIV" in finding.message


def test_a_schedule_in_the_text_counts_unless_negated(content):
    content.write(sections={**SECTIONS, "Side effects": "It is a Schedule IV controlled "
                            "substance.[^test-label]"})
    assert [f.code for f in findings(content.check(), "CONTROL001")] == ["CONTROL001"]
    content.write(sections={**SECTIONS, "Side effects": "It is not a controlled "
                            "substance.[^test-label]"})
    assert findings(content.check(), "CONTROL001") == []


def test_with_its_schedule_set_the_page_passes(content):
    content.write(boxed_warning=[ABUSE], sections=WARNINGS, controlled_substance="C-IV")
    assert findings(content.check(), "CONTROL001") == []
