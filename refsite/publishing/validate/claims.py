"""Promotional or absolute claims: a reference states what the label says, it never sells.

The phrase list is a setting (REFSITE_PROMOTIONAL_PHRASES) so editors can extend it
without code. A phrase matches as whole words, case-insensitively, with any spacing or a
hyphen between its words ("risk free" = "risk-free"), so "cure" does not match "secure"
or "cures". These are warnings: wording can be legitimate in context ("no cure is
known"), and the reviewer decides; `--strict` makes them block.
"""

import re
from functools import cache

from ..findings import WARNING, Finding
from .prose import displayed_fields, field_position, prose

CODES = {
    "CLAIM001": "promotional or absolute claim (warning)",
}


@cache
def _pattern(phrases):
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
        if words:
            alternatives.append(r"[\s\-]+".join(words))
    if not alternatives:
        return None
    return re.compile(r"(?<![\w.,\-])(?:" + "|".join(alternatives) + r")(?![\w\-])",
                      re.IGNORECASE)


def claims(text, phrases):
    """(offset, phrase as written) for each of `phrases` in `text`."""
    pattern = _pattern(tuple(phrases))
    if pattern is None:
        return
    for match in pattern.finditer(text):
        yield match.start(), " ".join(match.group().split())


def _message(phrase):
    return (f"'{phrase}' is a promotional or absolute claim a drug reference must not make; "
            "state what the label says (with its limits) instead")


def check(doc, context):
    path = doc.display_path
    for offset, phrase in claims(prose(doc), context.promotional_phrases):
        line, col = doc.position(offset)
        yield Finding(path, line, col, "CLAIM001", _message(phrase), WARNING)
    for key_path, value in displayed_fields(doc):
        for _offset, phrase in claims(value, context.promotional_phrases):
            line, col = field_position(doc, key_path, phrase.split()[0])
            yield Finding(path, line, col, "CLAIM001",
                          f"{'.'.join(map(str, key_path))}: {_message(phrase)}", WARNING)
