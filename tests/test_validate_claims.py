"""Promotional, absolute or minimising claims are errors; the phrase list is a setting."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refsite.publishing.validate import claims

from .factories import findings, with_section
from .phrases import text_and_phrases


def with_text(content, text):
    return with_section(content, "Side effects", f"{text}[^test-label]")


@pytest.mark.parametrize("text, phrase", [
    ("It is completely safe.", "completely safe"),
    ("A miracle for sleep.", "miracle"),
    ("It has no side effects.", "no side effects"),
    ("Use it without any restrictions.", "without any restrictions"),
    ("It works in 100% of people.", "100%"),
    ("Relief is guaranteed.", "guaranteed"),
    ("A risk free choice.", "risk free"),
    ("It will cure epilepsy.", "cure"),
    ("Your symptoms vanish within days.", "vanish"),
    ("Live with no limits.", "no limits"),
    ("Dizziness is nothing to worry about.", "nothing to worry about"),
    ("The pills are harmless.", "are harmless"),
])
def test_promotional_or_absolute_claims_are_errors(content, text, phrase):
    path = with_text(content, text)
    [finding] = findings(content.check(), "CLAIM001")
    assert finding.is_error and f"'{phrase}'" in finding.message
    line = path.read_text().splitlines()[finding.line - 1]
    assert line[finding.col - 1:].lower().startswith(phrase.split()[0].lower())


@pytest.mark.parametrize("text", [
    "It secures nothing.", "Curettage is unrelated.", "About 1100% more.", "Safe storage.",
])
def test_only_whole_words_and_phrases_match(content, text):
    with_text(content, text)
    assert findings(content.check(), "CLAIM001") == []


@pytest.mark.parametrize("text", [
    "If no side effects appear after a week, your prescriber may raise the dose.",
    "Tell your prescriber whether no side effects or some appeared.",
    "When there are no side effects for a month, the dose may go up.",
])
def test_a_phrase_that_is_the_condition_of_its_clause_is_no_claim(content, text):
    with_text(content, text)
    assert findings(content.check(), "CLAIM001") == []


def test_a_condition_in_another_clause_does_not_excuse_a_claim(content):
    with_text(content, "When you take it, it has no side effects.")
    assert [f.code for f in findings(content.check(), "CLAIM001")] == ["CLAIM001"]


def test_a_claim_in_the_summary_is_reported_at_the_summary(content):
    path = content.write(summary="Testazepam is a made-up medicine that is completely safe "
                                 "for everyone who takes it.")
    [finding] = findings(content.check(), "CLAIM001")
    assert "completely" in path.read_text().splitlines()[finding.line - 1]


def test_the_phrase_list_comes_from_settings(content, settings):
    settings.REFSITE_PROMOTIONAL_PHRASES = ["life-changing"]
    with_text(content, "A life changing cure.")
    [finding] = findings(content.check(), "CLAIM001")
    assert "life changing" in finding.message


_CASES = {"a": "aA", "k": "kK\u212a", "s": "sS\u017f", "i": "iI\u0130\u0131"}


@given(st.data(), st.lists(st.text("".join(_CASES.values()), min_size=1, max_size=3),
                           min_size=1, max_size=8))
def test_ascii_phrases_are_found_in_the_folded_text_where_a_caseless_search_finds_them(
        data, words):
    text, phrases = text_and_phrases(data, words, [" ", " ", "-", " - ", ".", ",", "\n"],
                                     _CASES.values(), most=5, ascii_only=True)
    assert [m.span() for m in claims._matches(text, tuple(phrases), fold=True)] == [
        m.span() for m in claims._matches(text, tuple(phrases), fold=False)]
