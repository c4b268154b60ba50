"""SAFETY001 (absolute statements about pregnancy, breastfeeding or children) and
SAFETY002 (dose changes the reader is told to make alone)."""

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.publishing.validate import safety_wording
from refsite.publishing.validate.prose import folded
from refsite.publishing.validate.sentences import sentences_with, spans

from .factories import SECTIONS, findings, with_section


def _holds(words, text):
    return any(word in text for word in words)


_SELF_PATTERNS = (safety_wording._DISMISSED_RE, safety_wording._READER_RE,
                  safety_wording._CLINICIAN_ACTION_RE)


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


# --- the words a sentence must hold to be searched at all --------------------------------

@given(st.from_regex(safety_wording._ABSOLUTE_RE, fullmatch=True))
def test_every_absolute_statement_holds_a_group_word(text):
    """Sentences without a group word are skipped: every match must hold one."""
    for match in safety_wording._ABSOLUTE_RE.finditer(text):
        assert _holds(safety_wording._GROUP_WORDS, folded(match.group()))


@given(st.one_of(*(st.from_regex(pattern, fullmatch=True) for pattern in _SELF_PATTERNS)))
def test_every_instruction_to_change_the_dose_holds_a_searched_word(text):
    """Sentences without one of these words are skipped: every match must hold one."""
    for pattern in _SELF_PATTERNS:
        for match in pattern.finditer(text):
            assert _holds(safety_wording._SELF_WORDS, folded(match.group()))


@given(st.from_regex(safety_wording._DISMISSED_RE, fullmatch=True))
def test_every_dismissal_of_the_prescriber_holds_a_dismissal_word(text):
    """Sentences without one of these words are not searched for a dismissal."""
    assert any(word in text for word in safety_wording._DISMISSAL_WORDS)


# --- the folded search finds what a case-insensitive search of each sentence finds ------

def _caseless(pattern):
    return re.compile(pattern.pattern, re.IGNORECASE)


def plain_self_directed(text, clinicians=()):
    """self_directed as first written: each sentence searched case-insensitively."""
    s = safety_wording
    for start, end in spans(text):
        sentence = text[start:end]
        if not _holds(s._SELF_WORDS, folded(sentence)):
            continue
        dismissed = _caseless(s._DISMISSED_RE).search(sentence)
        if dismissed:
            yield start + dismissed.start(), " ".join(dismissed.group().split())
            continue
        if _caseless(s._PRESCRIBER_RE).search(sentence):
            continue
        for_clinicians = any(a <= start < b for a, b in clinicians)
        matches = list(_caseless(s._READER_RE).finditer(sentence))
        if not for_clinicians:
            matches += list(_caseless(s._CLINICIAN_ACTION_RE).finditer(sentence))
        for match in sorted(matches, key=lambda m: m.start()):
            words = " ".join(match.group().split())
            if for_clinicians and not re.search(r"\byou|\byour", words, re.IGNORECASE):
                continue
            if (words.casefold().startswith("skip")
                    and _caseless(s._MISSED_RE).search(sentence)):
                continue
            if _caseless(s._NEGATION_RE).search(s._clause_before(sentence, match.start())):
                continue
            yield start + match.start(), words
            break


_PIECES = st.one_of(
    *(st.from_regex(pattern, fullmatch=True) for pattern in _SELF_PATTERNS),
    st.sampled_from(["Your doctor", "GP", "do not", "never", "missed", "; ", ": ", ". ",
                     "\n\n", "\n- ", " you ", "K\u212a", "\u0130", "Forgot"]))


@st.composite
def _mixed_case_text(draw, pieces=_PIECES):
    text = "".join(draw(st.lists(pieces, max_size=6)))
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))


def plain_group_findings(text):
    """_group_findings as first written (nothing cited)."""
    s = safety_wording
    for start, end in spans(text):
        sentence = text[start:end]
        if not _holds(s._GROUP_WORDS, folded(sentence)):
            continue
        if _caseless(s._HEDGED_RE).search(sentence):
            continue
        match = _caseless(s._ABSOLUTE_RE).search(sentence)
        if match is not None:
            yield start + match.start(), " ".join(match.group().split())


_GROUP_PIECES = st.one_of(
    st.from_regex(safety_wording._ABSOLUTE_RE, fullmatch=True),
    st.from_regex(safety_wording._HEDGED_RE, fullmatch=True),
    st.sampled_from(["children", ". ", "\n\n", " ", "K\u212a", "\u0130"]))


@settings(max_examples=25)
@given(_mixed_case_text(_GROUP_PIECES))
def test_group_statements_are_what_a_caseless_search_of_each_sentence_finds(text):
    assert (list(safety_wording._group_findings(None, text, lambda start, end: False))
            == list(plain_group_findings(text)))


@settings(max_examples=60)
@given(_mixed_case_text(), st.integers(0, 40), st.integers(0, 40))
def test_self_directed_finds_what_a_caseless_search_of_each_sentence_finds(text, a, b):
    clinicians = [(min(a, b), max(a, b))]
    for spans_for_clinicians in ([], clinicians):
        assert (list(safety_wording.self_directed(text, spans_for_clinicians))
                == list(plain_self_directed(text, spans_for_clinicians)))


def test_folding_writes_exactly_the_letters_an_ascii_pattern_matches_caselessly():
    """Over all of Unicode: a character folds to an ASCII letter exactly when it matches
    that letter under re.IGNORECASE; every other character stays as it is."""
    everything = "".join(map(chr, range(0x110000)))
    caseless = set(re.findall(r"(?i)[a-z]", everything))
    assert {c for c in caseless if not re.fullmatch(folded(c), c, re.IGNORECASE)} == set()
    assert all(folded(c) in string.ascii_lowercase for c in caseless)
    changed = {c for c in everything if folded(c) != c}
    assert changed <= caseless


@given(st.text(alphabet="ab Bk\u212a.!?\n-*#1)", max_size=60))
def test_sentences_with_a_word_are_those_a_search_of_each_sentence_finds(text):
    words = ("b", "kb", "bb")
    assert sentences_with(words, text, folded(text)) == [
        (start, end) for start, end in spans(text) if _holds(words, folded(text[start:end]))]
