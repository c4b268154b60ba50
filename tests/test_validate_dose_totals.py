"""DOSE007 (a maximum daily dose is per day) and DOSE008 (a per-dose amount given in N
divided doses adds up to more than the maximum)."""

from .factories import SECTIONS, findings, front_matter


def dosing_with(**changes):
    dosing = front_matter()["dosing"]
    dosing[0].update(changes)
    return dosing


def test_a_max_daily_in_a_per_dose_unit_is_an_error(content):
    path = content.write(dosing=dosing_with(max_daily={"value": 20, "unit": "mg"}))
    [finding] = findings(content.check(), "DOSE007")
    assert "max_daily" in path.read_text().splitlines()[finding.line - 1]
    assert "mg/day" in finding.message


def test_a_max_daily_per_day_or_with_times_daily_passes(content):
    content.write(dosing=dosing_with(max_daily={"value": 10, "unit": "mg", "times_daily": 2}))
    assert findings(content.check(), "DOSE007") == []
    content.write()  # 20 mg/day
    assert findings(content.check(), "DOSE007") == []


def test_a_per_dose_amount_in_divided_doses_above_the_maximum_is_an_error(content):
    content.write(dosing=dosing_with(initial={"value": 8, "unit": "mg"},
                                     frequency="Divided into 3 doses"))
    [finding] = findings(content.check(), "DOSE008")
    assert "24 mg/day" in finding.message and "20 mg/day" in finding.message


def test_the_note_can_say_how_the_dose_is_divided(content):
    content.write(dosing=dosing_with(initial={"value": 8, "unit": "mg"},
                                     note="Given in 2 or 3 divided doses."))
    assert [f.code for f in findings(content.check(), "DOSE008")] == ["DOSE008"]


def test_divided_doses_within_the_maximum_or_per_day_pass(content):
    content.write(dosing=dosing_with(initial={"value": 6, "unit": "mg"},
                                     frequency="Divided into 3 doses"))
    assert findings(content.check(), "DOSE008") == []
    content.write(dosing=dosing_with(frequency="Three divided doses a day"))  # 1.5 mg/day
    assert findings(content.check(), "DOSE008") == []


def test_a_sentence_giving_one_dose_in_divided_doses_is_checked(content):
    content.write(sections={**SECTIONS, "Dosing": "Each dose is 8 mg, and the day is "
                            "divided into 3 doses.[^test-label]"})
    assert [f.code for f in findings(content.check(), "DOSE008")] == ["DOSE008"]
    content.write(sections={**SECTIONS, "Dosing": "Each dose is 1 mg, and the day is "
                            "divided into 3 doses.[^test-label]"})
    assert findings(content.check(), "DOSE008") == []
