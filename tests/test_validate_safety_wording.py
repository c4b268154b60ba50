"""SAFETY001 (absolute statements about pregnancy, breastfeeding or children) and
SAFETY002 (dose changes the reader is told to make alone)."""

import pytest

from .factories import SECTIONS, findings, with_section


def with_text(content, text, title="Side effects"):
    return with_section(content, title, text)


@pytest.mark.parametrize("text", [
    "It is safe in pregnancy.[^test-label]",
    "There is no risk to the baby.[^test-label]",
    "It is never used in children.[^test-label]",
    "Pregnant women are not prescribed testazepam.[^test-label]",
    "It is completely safe while breastfeeding.[^test-label]",
])
def test_an_absolute_statement_about_a_group_needs_a_section_citation(content, text):
    with_text(content, text)
    [finding] = findings(content.check(), "SAFETY001")
    assert finding.is_error and "8.1" in finding.message


@pytest.mark.parametrize("text", [
    "It is never used in children.[^test-label:8.4]",
    "It must not be used in pregnancy, except with a mechanical valve.[^test-label:4]",
    "It has not been shown to be safe in children.[^test-label]",
    "If you are pregnant, talk to your prescriber.[^test-label]",
])
def test_a_cited_or_hedged_statement_passes(content, text):
    with_text(content, text)
    assert findings(content.check(), "SAFETY001") == []


def test_the_citation_must_be_in_the_same_sentence(content):
    with_text(content, "It is safe in pregnancy. Ask first.[^test-label:8.1]")
    assert [f.code for f in findings(content.check(), "SAFETY001")] == ["SAFETY001"]


def test_an_absolute_statement_in_the_summary_is_reported(content):
    content.write(summary="Testazepam is a made-up medicine. It is safe in pregnancy.")
    [finding] = findings(content.check(), "SAFETY001")
    assert finding.message.startswith("summary:")


@pytest.mark.parametrize("text", [
    "Stop taking it when you feel better.",
    "You can skip a dose on busy days.",
    "If you forget, double the next dose.",
    "To stop, lower the dose gradually.",
    "Stop taking it; there is no need to ask your doctor.",
])
def test_a_self_directed_dose_change_is_an_error(content, text):
    with_text(content, f"{text}[^test-label]")
    [finding] = findings(content.check(), "SAFETY002")
    assert finding.is_error and "prescriber" in finding.message
    assert "withdrawal" not in finding.message  # the fixture page warns of none


@pytest.mark.parametrize("text", [
    "Do not stop taking it on your own.",
    "Never stop suddenly or cut the dose quickly.",
    "Your prescriber may lower the dose gradually.",
    "Never start, stop or change your dose without your prescriber.",
    "If you miss a dose, skip the missed dose.",
])
def test_advice_that_names_the_prescriber_or_forbids_the_change_passes(content, text):
    with_text(content, f"{text}[^test-label]")
    assert findings(content.check(), "SAFETY002") == []


def test_dosing_speaks_to_clinicians_but_not_to_the_reader(content):
    content.write(sections={**SECTIONS, "Dosing": "Start at 1.5 mg a day. Raise the dose "
                            "by 0.5 mg every 3 days.[^test-label]"})
    assert findings(content.check(), "SAFETY002") == []
    content.write(sections={**SECTIONS, "Dosing": "Start at 1.5 mg a day. You can raise "
                            "the dose yourself.[^test-label]"})
    assert [f.code for f in findings(content.check(), "SAFETY002")] == ["SAFETY002"]


def test_the_message_names_the_withdrawal_warning_when_the_page_has_one(content):
    content.write(boxed_warning=["Dependence and withdrawal reactions"],
                  sections={**SECTIONS, "Warnings": "- **Dependence and withdrawal "
                            "reactions:** taper.[^test-label]",
                            "Side effects": "Stop taking it when drowsy.[^test-label]"})
    [finding] = findings(content.check(), "SAFETY002")
    assert "withdrawal" in finding.message
