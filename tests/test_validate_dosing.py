"""Dose rules: prose against the structured dosing (DOSE001-004), dosing itself (005-006;
007-008 in test_validate_dose_totals.py).

The factory monograph's dosing: start 1.5 mg/day, steps of 0.5 to 1 mg, at most 20 mg/day.
"""

import pytest

from refsite.publishing.findings import WARNING
from refsite.publishing.validate.dosing import CODES

from .factories import findings, front_matter, with_section


def dosing_with(**changes):
    dosing = front_matter()["dosing"]
    dosing[0].update(changes)
    return dosing


def test_the_codes_are_the_documented_ones():
    assert sorted(CODES) == [f"DOSE00{n}" for n in range(1, 9)]


# DOSE001: above the largest maximum daily dose


def test_prose_amount_at_the_maximum_passes(content):
    with_section(content, "Dosing", "At most 20 mg a day.[^test-label]")
    assert content.check().findings == []


def test_prose_amount_above_the_maximum_names_both_numbers(content):
    with_section(content, "Dosing", "Up to 30 mg a day.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    assert "30 mg" in finding.message and "20 mg/day" in finding.message


def test_the_maximum_is_compared_after_unit_conversion(content):
    with_section(content, "Dosing", "Up to 0.03 g a day.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    assert "30 mg/day" in finding.message


def test_a_dose_times_its_frequency_is_compared_with_the_daily_maximum(content):
    with_section(content, "Dosing", "Take 10 mg three times a day.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    assert "30 mg/day" in finding.message
    with_section(content, "Dosing", "Take 5 mg three times a day.[^test-label]")
    assert findings(content.check(), "DOSE001") == []


def test_a_single_dose_above_the_daily_maximum_is_an_error(content):
    with_section(content, "Dosing", "One dose of 25 mg.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    assert "single dose" in finding.message


def test_per_kg_prose_is_not_compared_with_a_fixed_maximum(content):
    with_section(content, "Dosing", "Children get 25 mg/kg/day.[^test-label]")
    result = content.check()
    assert findings(result, "DOSE001") == []
    [warning] = findings(result, "DOSE003")
    assert "mg/kg" in warning.message


def test_the_largest_maximum_of_all_rules_is_the_ceiling(content):
    dosing = front_matter()["dosing"] + [{
        "indication": "Panic disorder", "population": "Adults", "route": "oral",
        "frequency": "Twice a day", "initial": {"value": 0.25, "unit": "mg", "times_daily": 2},
        "max_daily": {"value": 4, "unit": "mg/day"},
    }]
    with_section(content, "Dosing", "Seizures: up to 20 mg a day.[^test-label]", dosing=dosing)
    assert findings(content.check(), "DOSE001") == []


def test_a_dose_above_the_maximum_is_reported_at_its_line_and_column(content):
    path = with_section(content, "Dosing", "Start low.\nThe usual dose is 2-3 g three times a "
                                     "day.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    lines = path.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "2-3 g" in text)
    assert (finding.line, finding.col) == (line, lines[line - 1].index("2-3 g") + 1)
    assert "6,000 to 9,000 mg/day" in finding.message


def test_dose_text_in_the_front_matter_is_not_prose(content):
    dosing = dosing_with(note="Doses of 200 mg a day were studied.")
    content.write(dosing=dosing)
    assert content.check().findings == []


# DOSE002: a unit no structured amount uses


def test_prose_in_the_table_unit_passes(content):
    with_section(content, "Dosing", "Raise by 0.5 to 1 mg.[^test-label]")
    assert content.check().findings == []


@pytest.mark.parametrize("text, unit", [
    ("Take 2 g.", "g"), ("Take 500 mcg.", "mcg"), ("Take 5 mL.", "mL"),
])
def test_prose_in_another_unit_is_an_error(content, text, unit):
    with_section(content, "Dosing", text.replace(".", ".[^test-label]"))
    [finding] = findings(content.check(), "DOSE002")
    assert f"is in {unit}" in finding.message


def test_grams_where_the_table_has_milligrams_says_how_much_larger(content):
    with_section(content, "Dosing", "Take 0.001 g.[^test-label]")
    [finding] = findings(content.check(), "DOSE002")
    assert "1 g is 1,000 mg" in finding.message and "write the dose in mg" in finding.message


# DOSE003: matches nothing and outside every range (warning)


def test_prose_within_a_rule_range_passes(content):
    with_section(content, "Dosing", "Most need 7 mg a day.[^test-label]")
    assert content.check().findings == []


def test_prose_outside_every_range_is_a_warning(content):
    with_section(content, "Dosing", "Some need only 0.1 mg a day.[^test-label]")
    [finding] = findings(content.check(), "DOSE003")
    assert finding.severity == WARNING
    assert "0.5 to 20 mg" in finding.message


def test_a_tablet_strength_below_every_range_is_not_a_dose_to_warn_about(content):
    with_section(content, "Dosing", "The 0.25 mg tablets are scored.[^test-label]")
    assert content.check().findings == []


def test_a_tablet_strength_above_the_maximum_is_still_an_error(content):
    with_section(content, "Dosing", "The 25 mg tablets are scored.[^test-label]")
    [finding] = findings(content.check(), "DOSE001")
    assert "25 mg" in finding.message


# DOSE004: a single dose as large as the daily maximum


def test_the_maximum_written_as_a_daily_total_passes(content):
    with_section(content, "Dosing", "The maximum is 20 mg a day.[^test-label]")
    assert findings(content.check(), "DOSE004") == []


def test_the_whole_daily_maximum_offered_as_one_dose_is_an_error(content):
    with_section(content, "Dosing", "For an attack, 20 mg can be taken.[^test-label]")
    [finding] = findings(content.check(), "DOSE004")
    assert "20 mg/day" in finding.message and "'20 mg a day'" in finding.message


# DOSE005: initial <= maintenance <= max_daily


def test_coherent_dosing_passes(content):
    content.write(dosing=dosing_with(maintenance={"value": 4, "to": 8, "unit": "mg/day"}))
    assert content.check().findings == []


@pytest.mark.parametrize("changes, where", [
    ({"initial": {"value": 30, "unit": "mg/day"}}, "max_daily"),
    ({"maintenance": {"value": 10, "to": 25, "unit": "mg/day"}}, "max_daily"),
    ({"maintenance": {"value": 1, "unit": "mg/day"}}, "maintenance"),
    ({"initial": {"value": 5, "unit": "mg", "times_daily": 5}}, "max_daily"),
    ({"titration": {"value": 25, "unit": "mg", "every": "3 days"}}, "titration"),
])
def test_incoherent_dosing_is_reported_at_the_later_amount(content, changes, where):
    path = content.write(dosing=dosing_with(**changes))
    [finding, *_] = findings(content.check(), "DOSE005")
    lines = path.read_text().splitlines()
    assert lines[finding.line - 1].strip().startswith(f"{where}:")


def test_per_dose_times_doses_a_day_is_compared_as_a_daily_amount(content):
    content.write(dosing=dosing_with(initial={"value": 5, "unit": "mg", "times_daily": 3}))
    assert findings(content.check(), "DOSE005") == []


def test_per_kg_amounts_are_not_compared_with_fixed_amounts(content):
    content.write(dosing=dosing_with(
        weight_based=True, initial={"value": 0.5, "unit": "mg/kg/day"}))
    assert findings(content.check(), "DOSE005") == []


# DOSE006: per-kg amounts only where weight_based: true


def test_per_kg_amounts_in_a_weight_based_rule_pass(content):
    dosing = dosing_with(
        weight_based=True, initial={"value": 0.01, "to": 0.03, "unit": "mg/kg/day"},
        max_daily=None, max_daily_note="No separate ceiling in the label")
    with_section(content, "Dosing", "Start at 0.01 to 0.03 mg/kg/day.[^test-label]",
                 dosing=dosing)
    assert content.check().findings == []


def test_per_kg_amount_without_weight_based_is_an_error(content):
    content.write(dosing=dosing_with(initial={"value": 0.01, "unit": "mg/kg/day"}))
    [finding] = findings(content.check(), "DOSE006")
    assert "weight_based: true" in finding.message


def test_weight_based_rule_without_per_kg_amount_is_an_error(content):
    content.write(dosing=dosing_with(weight_based=True))
    [finding] = findings(content.check(), "DOSE006")
    assert "no amount of this rule is per kg" in finding.message


# DOSE001 and DOSE004 against the rule a paragraph is about

TWO_USES = [
    {**front_matter()["dosing"][0]},
    {"indication": "Panic disorder", "population": "Adults", "route": "oral",
     "frequency": "Twice a day", "initial": {"value": 0.25, "unit": "mg", "times_daily": 2},
     "maintenance": {"value": 1, "unit": "mg/day"}, "max_daily": {"value": 4, "unit": "mg/day"}},
    {"indication": "Essential tremor", "population": "Adults", "route": "oral",
     "frequency": "Once a day", "initial": {"value": 2, "unit": "mg/day"},
     "max_daily": None, "max_daily_note": "The label sets no maximum daily dose."},
]


def test_a_dose_above_the_maximum_of_the_use_its_paragraph_names_is_an_error(content):
    content.write(dosing=TWO_USES, sections={
        "Dosing": "**Panic disorder.** Raise slowly, up to 8 mg a day.[^test-label]"})
    [finding] = findings(content.check(), "DOSE001")
    assert "Panic disorder (Adults)" in finding.message and "4 mg/day" in finding.message


def test_a_dose_within_the_maximum_of_its_use_passes(content):
    content.write(dosing=TWO_USES, sections={
        "Dosing": "**Panic disorder.** Raise slowly, up to 4 mg a day.[^test-label]"})
    assert findings(content.check(), "DOSE001") == []


def test_a_paragraph_naming_no_use_is_held_to_the_largest_maximum(content):
    content.write(dosing=TWO_USES, sections={
        "Dosing": "Some patients take 8 mg a day.[^test-label]"})
    assert findings(content.check(), "DOSE001") == []


def test_one_dose_equal_to_the_maximum_of_its_use_is_reported(content):
    content.write(dosing=TWO_USES, sections={
        "Dosing": "For panic disorder, 4 mg may be taken at once.[^test-label]"})
    [finding] = findings(content.check(), "DOSE004")
    assert "Panic disorder (Adults)" in finding.message


def test_a_use_whose_label_sets_no_maximum_is_not_held_to_another_uses_maximum(content):
    content.write(dosing=TWO_USES, sections={
        "Dosing": "### Essential tremor\n\nSome adults take 30 mg a day.[^test-label]"})
    assert findings(content.check(), "DOSE001") == []
