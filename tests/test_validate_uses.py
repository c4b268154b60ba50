"""USE001: a use named outside Indications must be a declared one, else an off-label use
reads as approved."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.publishing.validate import uses
from refsite.publishing.validate.sentences import spans

from .factories import SECTIONS, findings, with_section


def with_text(content, text, title="Side effects"):
    return with_section(content, title, f"{text}[^test-label]")


@pytest.mark.parametrize("text, condition", [
    ("Testazepam is also used for insomnia.", "insomnia"),
    ("It helps with anxiety, insomnia and alcohol withdrawal.", "anxiety"),
    ("Also prescribed for restless legs.", "restless legs"),
    ("Testazepam treats seizures and migraine.", "migraine"),
])
def test_an_undeclared_use_is_an_error(content, text, condition):
    with_text(content, text)
    reported = findings(content.check(), "USE001")
    assert reported and all(f.is_error for f in reported)
    assert any(f"'{condition}'" in f.message and "Off-label" in f.message for f in reported)


def test_it_is_reported_at_the_condition(content):
    path = with_text(content, "It is also used for insomnia.")
    [finding] = findings(content.check(), "USE001")
    line = path.read_text().splitlines()[finding.line - 1]
    assert line[finding.col - 1:].startswith("insomnia")


@pytest.mark.parametrize("text", [
    "Testazepam is used for seizures in adults.",  # "seizures" matches "Seizure disorders"
    "These doses are also used for bacteria of intermediate susceptibility.",
    "Avoid disulfiram (a medicine used to treat alcohol use disorder).",
    "It must not be used to treat insomnia.",
    "It is used for 2 to 3 months.",
])
def test_declared_uses_other_subjects_and_negations_pass(content, text):
    with_text(content, text)
    assert findings(content.check(), "USE001") == []


def test_a_use_in_the_indications_list_is_declared(content):
    content.write(sections={**SECTIONS, "Indications": "Used for:[^test-label]\n\n- Seizure "
                            "disorders.\n- Panic disorder.",
                            "Side effects": "It is also used for panic "
                            "disorder.[^test-label]"})
    assert findings(content.check(), "USE001") == []


def test_indications_itself_is_not_checked(content):
    with_text(content, "Used for seizure disorders and insomnia.", "Indications")
    assert findings(content.check(), "USE001") == []


def test_a_cited_off_label_paragraph_may_name_other_uses(content):
    with_text(content, "**Off-label use.** Some prescribers use it for insomnia; it is "
              "also used for restless legs.")
    assert findings(content.check(), "USE001") == []


def test_an_off_label_paragraph_must_cite_its_source(content):
    with_section(content, "Side effects", "Drowsy.[^test-label]\n\n**Off-label use.** It is "
                 "also used for insomnia.")
    assert [f.code for f in findings(content.check(), "USE001")] == ["USE001"]


def test_the_summary_is_checked_too(content):
    content.write(summary="Testazepam is a made-up medicine. It also helps with insomnia.")
    [finding] = findings(content.check(), "USE001")
    assert finding.message.startswith("summary:")


# --- the search for verbs: only sentences holding a verb word, in folded text -------------

@given(st.from_regex(uses._VERB_RE, fullmatch=True))
def test_every_verb_holds_a_searched_word(text):
    assert any(word in text for word in uses._VERB_WORDS)


def plain_named_uses(text, names):
    """named_uses as first written: each sentence searched case-insensitively."""
    verbs = re.compile(uses._VERB_RE.pattern, re.IGNORECASE)
    for start, end in spans(text):
        sentence = text[start:end]
        for verb in verbs.finditer(sentence):
            if not uses._about_this_medicine(sentence[:verb.start()], names):
                continue
            stop = uses._CLAUSE_END_RE.search(sentence, verb.end())
            tail = sentence[verb.end():stop.start() if stop else len(sentence)]
            for piece in uses._ITEM_SPLIT_RE.split(tail):
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    yield start + verb.end() + tail.find(piece) + lead, " ".join(piece.split())


_PIECES = st.one_of(
    st.from_regex(uses._VERB_RE, fullmatch=True),
    st.sampled_from(["It is ", "Testazepam ", "not ", "insomnia", " and anxiety", ". ",
                     "\n\n", "\n- ", "; ", "K\u212a", "\u0130"]))


@settings(max_examples=60)
@given(st.lists(_PIECES, max_size=6), st.data())
def test_named_uses_are_what_a_caseless_search_of_each_sentence_finds(pieces, data):
    text = "".join(pieces)
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))
    names = {"testazepam"}
    assert list(uses.named_uses(text, names)) == list(plain_named_uses(text, names))
