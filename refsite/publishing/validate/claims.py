"""Promotional or absolute claims: a reference states what the label says, it never sells.

The phrase list is a setting (REFSITE_PROMOTIONAL_PHRASES) so editors can extend it
without code. A phrase matches as whole words, case-insensitively, with any spacing or a
hyphen between its words ("risk free" = "risk-free"), so "cure" does not match "secure"
or "cures". They are errors: a page that sells a medicine, or waves a side effect away,
is not published, whatever else it gets right. A phrase that is the condition of its
clause ("if no side effects appear after a week, your prescriber may raise the dose")
claims nothing, so an if, when, unless, whether, until or once earlier in the same clause
(no comma, semicolon or full stop between) lets it pass.
"""

import re
from functools import cache

from ..findings import Finding
from .prose import displayed_fields, field_position, folded, prose

CODES = {
    "CLAIM001": "promotional, absolute or minimising claim",
}


@cache
def _pattern(phrases, fold):
    """The phrases as one pattern: with `fold`, lowercase and without re.IGNORECASE, for
    the case-folded text (prose.folded), where it finds the same several times faster;
    otherwise case-insensitive, for the text itself."""
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = [re.escape(folded(word) if fold else word)
                 for word in re.split(r"[\s\-]+", phrase.strip()) if word]
        if words:
            alternatives.append(r"[\s\-]+".join(words))
    if not alternatives:
        return None
    return re.compile(r"(?<![\w.,\-])(?:" + "|".join(alternatives) + r")(?![\w\-])",
                      0 if fold else re.IGNORECASE)


_CONDITIONAL_RE = re.compile(r"\b(?:if|when|whenever|unless|whether|until|once|in\s+case)\b",
                             re.IGNORECASE)
_CLAUSE_BREAK_RE = re.compile(r"[,;:.!?\n]|\s[-\u2013\u2014]\s")


def conditional(text, offset):
    """Whether the phrase at `offset` is the condition of its clause: a conditional word
    before it in the same clause."""
    breaks = [m.end() for m in _CLAUSE_BREAK_RE.finditer(text, max(0, offset - 200), offset)]
    start = breaks[-1] if breaks else max(0, offset - 200)
    return bool(_CONDITIONAL_RE.search(text, start, offset))


def claims(text, phrases):
    """(offset, phrase as written) for each of `phrases` in `text` that is a claim."""
    phrases = tuple(phrases)
    for match in _matches(text, phrases, _ascii(phrases)):
        if not conditional(text, match.start()):
            yield match.start(), " ".join(text[match.start():match.end()].split())


@cache
def _ascii(phrases):
    """Folding matches an ASCII phrase as re.IGNORECASE does; a phrase in other letters
    keeps the case-insensitive search."""
    return all(phrase.isascii() for phrase in phrases)


def _matches(text, phrases, fold):
    pattern = _pattern(phrases, fold)
    if pattern is None:
        return []
    return pattern.finditer(folded(text) if fold else text)


def _message(phrase):
    return (f"'{phrase}' is a promotional, absolute or minimising claim a drug reference must "
            "not make; state what the label says, with its limits (how often, how serious, "
            "what to do), instead")


def check(doc, context):
    path = doc.display_path
    for offset, phrase in claims(prose(doc), context.promotional_phrases):
        line, col = doc.position(offset)
        yield Finding(path, line, col, "CLAIM001", _message(phrase))
    for key_path, value in displayed_fields(doc):
        for _offset, phrase in claims(value, context.promotional_phrases):
            line, col = field_position(doc, key_path, phrase.split()[0])
            yield Finding(path, line, col, "CLAIM001",
                          f"{'.'.join(map(str, key_path))}: {_message(phrase)}")
