"""Error-prone notation (ISMP and Joint Commission lists): each an error with the fix."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.publishing.validate import notation
from refsite.publishing.validate.notation import CODES
from refsite.publishing.validate.prose import folded

from .factories import findings, front_matter, with_section


def test_the_codes_are_the_documented_ones():
    assert sorted(CODES) == [f"NOTATION00{n}" for n in range(1, 9)]


@pytest.mark.parametrize("text, code, fix", [
    ("Take 1.0 mg.", "NOTATION001", "write 1"),
    ("Take 2.50 mg.", "NOTATION001", "write 2.5"),
    ("Take .5 mg.", "NOTATION002", "write 0.5"),
    ("Take 0,5 mg.", "NOTATION003", "write 0.5"),
    ("Take 5 µg.", "NOTATION004", "write mcg"),
    ("Take 5 ug.", "NOTATION004", "write mcg"),
    ("Levels in µg are low.", "NOTATION004", "write 'mcg'"),
    ("Give 10 U.", "NOTATION005", "write units"),
    ("Give 10 IU daily.", "NOTATION005", "write units"),
    ("Doses in IU vary.", "NOTATION005", "write 'units'"),
    ("Take it qd.", "NOTATION006", "'daily'"),
    ("Take it q.d. with food.", "NOTATION006", "'daily'"),
    ("Take it QOD.", "NOTATION006", "'every other day'"),
    ("Take one hs.", "NOTATION006", "'at bedtime'"),
    ("Take one qhs.", "NOTATION006", "'nightly'"),
    ("Given tiw.", "NOTATION006", "'3 times a week'"),
    ("Given SC.", "NOTATION006", "'subcut'"),
    ("Given SQ.", "NOTATION006", "'subcut'"),
    ("Given sub q.", "NOTATION006", "'subcut'"),
    ("Draw 5 cc.", "NOTATION006", "write mL"),
    ("D/C if rash.", "NOTATION006", "'discontinue'"),
    ("Not for doses > 5 mg.", "NOTATION007", "'more than'"),
    ("Keep doses <2 mg.", "NOTATION007", "'less than'"),
    ("Take 10mg.", "NOTATION008", "space"),
])
def test_error_prone_notation_is_an_error_with_the_correct_spelling(content, text, code, fix):
    path = with_section(content, "Side effects", f"{text}[^test-label]")
    [finding] = findings(content.check(), code)
    assert finding.is_error and fix in finding.message
    lines = path.read_text().splitlines()
    assert text in lines[finding.line - 1]


@pytest.mark.parametrize("text", [
    "Approved in the U.S. and used by us.", "This has no effect.", "It has this effect.",
    "Take 0.5 mg.", "Take 1 mg.", "Take 10 mg.", "Up to 1,000 mg.", "About 90% respond.",
    "Use for 2 to 4 weeks.", "Check hs-CRP.", "Take 20 mg a day.", "Schedule IV.",
    "A 10.5 mg dose.", "The SCr rises.", "Dosages vary.", "It is the discs.",
])
def test_ordinary_words_numbers_and_correct_doses_pass(content, text):
    with_section(content, "Side effects", f"{text}[^test-label]")
    assert findings(content.check(), "NOTATION") == []


def test_notation_in_code_is_not_judged(content):
    with_section(content, "Side effects", "Written `qd` on old charts.[^test-label]")
    assert findings(content.check(), "NOTATION") == []


def test_notation_in_displayed_front_matter_is_reported_at_its_line(content):
    dosing = front_matter()["dosing"]
    dosing[0]["frequency"] = "Three times a day, not qd"
    path = content.write(dosing=dosing)
    [finding] = findings(content.check(), "NOTATION")
    line = path.read_text().splitlines()[finding.line - 1]
    assert "frequency:" in line and line.index("qd") + 1 == finding.col
    assert finding.message.startswith("dosing.0.frequency:")


@given(st.from_regex(notation._ABBREVIATION_PATTERN, fullmatch=True))
def test_every_abbreviation_starts_where_the_search_looks_for_one(text):
    """The pattern is tried only where a listed start stands: every token has one."""
    for match in re.finditer(notation._ABBREVIATION_PATTERN, text):
        assert folded(match.group()).startswith(notation._ABBREVIATION_STARTS)


_PIECES = st.one_of(
    st.from_regex(notation._ABBREVIATION_PATTERN, fullmatch=True),
    st.sampled_from(["sub q", " ", ".", "-", "/", "d.", "x", "\n", "K\u212a", "\u017f"]))


@settings(max_examples=200)
@given(st.lists(_PIECES, max_size=8))
def test_abbreviations_are_found_where_the_pattern_finds_them_anywhere(pieces):
    text = "".join(pieces)
    assert [match.span() for match in notation._matches_at_starts(text)] == [
        match.span() for match in notation._ABBREVIATION_RE.finditer(text)]
