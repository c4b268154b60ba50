"""The dose parser: every way a dose is written in prose, units and conversions."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refsite.publishing import doses
from refsite.publishing.doses import (
    Amount,
    convert,
    find_doses,
    format_number,
    frequency_times,
    parse_number,
    parse_unit,
    to_base,
)


def only_dose(text):
    [dose] = find_doses(text)
    return dose


@pytest.mark.parametrize("text, low, high, unit", [
    ("0.5 mg", 0.5, 0.5, "mg"),
    ("2-3 g", 2, 3, "g"),
    ("2–3 g", 2, 3, "g"),
    ("2 - 3 g", 2, 3, "g"),
    ("0.01 to 0.03 mg/kg/day", 0.01, 0.03, "mg/kg/day"),
    ("0.01 to\n0.03 mg/kg/day", 0.01, 0.03, "mg/kg/day"),
    ("500 mcg", 500, 500, "mcg"),
    ("0,5 mg", 0.5, 0.5, "mg"),
    ("1,000 mg", 1000, 1000, "mg"),
    ("12,500 units", 12500, 12500, "units"),
    ("1,000.5 mg", 1000.5, 1000.5, "mg"),
    ("5 mg/kg", 5, 5, "mg/kg"),
    ("20 mg/day", 20, 20, "mg/day"),
    ("20 mg a day", 20, 20, "mg/day"),
    ("20 mg per day", 20, 20, "mg/day"),
    ("20 mg daily", 20, 20, "mg/day"),
    ("10 units", 10, 10, "units"),
    ("0.1 to 0.2 mg/kg of body weight per day", 0.1, 0.2, "mg/kg/day"),
    ("6 mg/m2/day", 6, 6, "mg/m2/day"),
    ("2 grams", 2, 2, "g"),
    ("5 mL", 5, 5, "mL"),
    ("1.5 mg a day, split into three doses", 1.5, 1.5, "mg/day"),
    ("3 mg in 3 divided doses", 3, 3, "mg/day"),
    ("20 mEq", 20, 20, "mEq"),
    ("40 to 100 mEq a day", 40, 100, "mEq/day"),
    ("20 milliequivalents", 20, 20, "mEq"),
])
def test_doses_are_found_with_amount_and_unit(text, low, high, unit):
    dose = only_dose(text)
    assert dose.amounts() == (low, high)
    assert str(dose.unit) == unit


@pytest.mark.parametrize("text", [
    "for 2 to 4 weeks", "about 90% of a dose", "in the U.S. trials", "children up to 30 kg",
    "creatinine clearance below 30 mL/min/1.73 m2", "glucose of 200 mg/dL",
    "250 mg per 5 mL", "a 2.5 mg/mL oral solution", "2 or 3 divided doses", "65 and older",
    "H2-Pharma", "version 1.0", "1 to 4 hours after a dose", "5-10 points",
    "blood potassium below 2.5 mEq/L",
])
def test_numbers_that_are_not_doses_are_ignored(text):
    assert find_doses(text) == []


@pytest.mark.parametrize(("text", "strength"), [
    ("10 mEq tablets", True), ("the 5 mg strength", True), ("a 100 mg capsule", True),
    ("take 10 mg", False), ("10 mg twice a day", False), ("40 mg a day tablets", False),
])
def test_an_amount_named_as_a_tablet_or_capsule_strength_is_marked(text, strength):
    assert only_dose(text).strength is strength


@pytest.mark.parametrize("text, times, daily", [
    ("0.25 mg twice a day", (2, 2), (0.5, 0.5)),
    ("2-3 g three times a day", (3, 3), (6000, 9000)),
    ("0,5 mg 2–3 times per day", (2, 3), (1.0, 1.5)),
    ("5 mg once daily", (1, 1), (5, 5)),
    ("5 mg every 8 hours", (3, 3), (15, 15)),
    ("1 g bid", (2, 2), (2000, 2000)),
])
def test_a_frequency_after_a_dose_gives_the_daily_total(text, times, daily):
    dose = only_dose(text)
    assert dose.times == times
    assert dose.daily_range() == pytest.approx(daily)
    assert not dose.single_dose


def test_a_dose_without_frequency_is_a_single_dose_with_no_daily_total():
    dose = only_dose("20 mg may be taken")
    assert dose.single_dose and dose.daily_range() is None


def test_offsets_point_at_the_dose_in_the_text():
    text = "Start at 1.5 mg a day, then 0.5 to 1 mg more."
    starts = [text[d.start:] for d in find_doses(text)]
    assert starts[0].startswith("1.5 mg a day") and starts[1].startswith("0.5 to 1 mg")


@pytest.mark.parametrize("text, comma_decimal, thousands, leading_dot, trailing_zero", [
    ("0,5", True, False, False, False),
    ("1,5", True, False, False, False),
    ("1,000", False, True, False, False),
    ("0,500", True, False, False, True),
    ("1,000.50", False, True, False, True),
    (".5", False, False, True, False),
    ("1.0", False, False, False, True),
    ("2.50", False, False, False, True),
    ("10", False, False, False, False),
    ("100", False, False, False, False),
])
def test_how_a_number_was_written_is_kept(text, comma_decimal, thousands, leading_dot,
                                          trailing_zero):
    number = parse_number(text)
    assert (number.comma_decimal, number.thousands, number.leading_dot,
            number.trailing_zero) == (comma_decimal, thousands, leading_dot, trailing_zero)


def test_error_prone_spellings_are_parsed_and_marked():
    assert str(only_dose("5 µg").unit) == "mcg"
    assert str(only_dose("10 IU").unit) == "units"
    assert str(only_dose("5 cc").unit) == "mL"
    assert only_dose("10mg").run_together
    assert only_dose("doses < 2 mg").comparator == "<"


def test_a_blockquote_marker_is_not_a_comparator():
    assert only_dose("> 5 mg is the dose").comparator == ""


@pytest.mark.parametrize("text, expected", [
    ("twice a day", (2, 2)), ("three times daily", (3, 3)), ("2-3 times per day", (2, 3)),
    ("two or three times a day", (2, 3)), ("every 12 hours", (2, 2)), ("tid", (3, 3)),
    ("q8h", (3, 3)),
])
def test_frequency_phrases(text, expected):
    assert frequency_times(text) == expected


def test_structured_amounts_give_daily_ranges_like_with_like():
    assert Amount.from_dict({"value": 0.25, "unit": "mg", "times_daily": 2}).daily_range() \
        == (0.5, 0.5)
    assert Amount.from_dict({"value": 1, "to": 2, "unit": "g/day"}).daily_range() \
        == (1000, 2000)
    assert Amount.from_dict({"value": 1, "unit": "mg"}).daily_range() is None
    assert Amount.from_dict({"value": 1, "unit": "mg"}).daily_range(assume_daily=True) \
        == (1, 1)


def test_per_kg_amounts_cannot_be_converted_to_fixed_amounts():
    with pytest.raises(ValueError):
        convert(1, parse_unit("mg/kg/day"), parse_unit("mg/day"))


def test_milliequivalents_never_convert_to_a_mass():
    """Potassium chloride is dosed in mEq; its mass per mEq is a chemistry fact the
    labels do not state for the reader, so mEq and mg are different dimensions."""
    with pytest.raises(ValueError):
        convert(20, parse_unit("mEq"), parse_unit("mg"))
    assert Amount.from_dict({"value": 40, "to": 100, "unit": "mEq/day"}).daily_range() \
        == (40, 100)


def test_unknown_units_are_refused():
    for text in ("mgs", "kg", "mg/min", "mg/kg/kg"):
        with pytest.raises(ValueError):
            parse_unit(text)


# --- properties -------------------------------------------------------------------------

amounts = st.decimals(min_value="0.001", max_value="999999", places=3).map(float)
mass_units = st.sampled_from(["mcg", "mg", "g"])
range_separators = st.sampled_from(["-", "–", " - ", " to ", " to\n"])


@given(amounts, st.sampled_from(["mcg", "mg", "g", "mL", "units"]))
def test_any_plainly_written_dose_reads_back_as_its_value(value, unit):
    dose = only_dose(f"Take {format_number(value)} {unit} as directed.")
    assert dose.amounts() == pytest.approx((value, value))
    assert str(dose.unit) == unit
    number = dose.low
    assert not (number.comma_decimal or number.leading_dot or number.trailing_zero)


@given(amounts, amounts, mass_units, range_separators)
def test_ranges_read_back_as_low_and_high(a, b, unit, separator):
    low, high = sorted((a, b))
    dose = only_dose(f"from {format_number(low)}{separator}{format_number(high)} {unit}")
    assert dose.amounts() == pytest.approx((low, high))


@given(st.integers(0, 999), st.from_regex(r"\A[0-9]{1,2}\Z|\A[0-9]{4,5}\Z"))
def test_a_comma_not_followed_by_exactly_three_digits_is_a_decimal_comma(whole, decimals):
    number = parse_number(f"{whole},{decimals}")
    assert number.comma_decimal
    assert number.value == pytest.approx(float(f"{whole}.{decimals}"))


@given(st.integers(1, 999), st.lists(st.integers(0, 999), min_size=1, max_size=3))
def test_groups_of_three_digits_after_a_comma_are_thousands(first, groups):
    text = f"{first}," + ",".join(f"{g:03d}" for g in groups)
    number = parse_number(text)
    assert number.thousands and not number.comma_decimal
    assert number.value == int(text.replace(",", ""))


@given(st.integers(0, 999), st.from_regex(r"\A[0-9]{0,3}0\Z"))
def test_a_decimal_ending_in_zero_has_a_trailing_zero(whole, decimals):
    assert parse_number(f"{whole}.{decimals}").trailing_zero


@given(st.from_regex(r"\A[0-9]{1,4}\Z"))
def test_a_decimal_without_a_whole_part_misses_its_leading_zero(decimals):
    number = parse_number(f".{decimals}")
    assert number.leading_dot and number.value == pytest.approx(float(f"0.{decimals}"))


@given(amounts, mass_units, mass_units)
def test_mass_conversion_goes_through_mg_and_back(value, a, b):
    unit_a, unit_b = parse_unit(a), parse_unit(b)
    there = convert(value, unit_a, unit_b)
    assert convert(there, unit_b, unit_a) == pytest.approx(value)
    assert to_base(there, unit_b) == pytest.approx(to_base(value, unit_a))


@given(amounts)
def test_one_gram_is_a_thousand_milligrams_is_a_million_micrograms(value):
    assert convert(value, parse_unit("g"), parse_unit("mg")) == pytest.approx(value * 1000)
    assert convert(value, parse_unit("mg"), parse_unit("mcg")) == pytest.approx(value * 1000)


@given(amounts, st.integers(1, 6))
def test_n_times_a_day_multiplies_the_dose(value, times):
    dose = only_dose(f"{format_number(value)} mg {times} times a day")
    assert dose.daily_range() == pytest.approx((value * times, value * times))


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=200))
def test_text_without_digits_contains_no_dose(text):
    assert find_doses(text) == []


@given(st.from_regex(doses._DOSE_PATTERN, fullmatch=True))
def test_every_dose_starts_where_the_search_looks_for_one(text):
    """The search skips characters a dose cannot start with: none can."""
    for match in re.finditer(doses._DOSE_PATTERN, text):
        assert re.match(doses._DOSE_START, match.group())
