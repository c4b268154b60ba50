"""Sentences and paragraphs of the prose, for the rules that judge what a sentence claims.

A claim is judged in its sentence: whether it names the prescriber, cites a label
section or is negated. The spans index into `prose(doc)` and `doc.body` alike (prose
keeps offsets), so a rule can read the words in one and the citations in the other.
A sentence ends after `.`, `!` or `?` and the spaces after it (so a citation blanked
after the full stop belongs to its sentence), at a blank line, and before a list item
or a heading.
"""

import re

_BREAK_RE = re.compile(
    r"(?<=[.!?])[\"'\u201d)\]*_ \t]*(?:\s+|\Z)"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[ \t]*(?:[-*+]|\d+[.)]|#{1,6})[ \t])"
)
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_SUBHEADING_RE = re.compile(r"^[ \t]{0,3}(#{2,6})[ \t]+(.*)$", re.M)
_BOLD_LEAD_RE = re.compile(r"\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\*\*|__)(.+?)(?:\*\*|__)", re.S)


def sentences(text):
    """(start, end) of each sentence of `text` that has words, in order."""
    start = 0
    for match in _BREAK_RE.finditer(text):
        if match.end() <= start:
            continue
        if text[start:match.end()].strip():
            yield start, match.end()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def sentence_at(text, offset):
    """(start, end) of the sentence holding `offset`."""
    for start, end in sentences(text):
        if start <= offset < end:
            return start, end
    return offset, offset


def paragraph_at(text, offset):
    """(start, end) of the paragraph holding `offset`."""
    start = max((m.end() for m in _PARAGRAPH_BREAK_RE.finditer(text, 0, offset)), default=0)
    end_match = _PARAGRAPH_BREAK_RE.search(text, offset)
    return start, end_match.start() if end_match else len(text)


def lead_of(text, offset):
    """What a reader takes the paragraph at `offset` to be headed by: the `###` heading
    above it in its section and its bold lead ("**Off-label use.** ..."), casefolded."""
    start, end = paragraph_at(text, offset)
    heading = ""
    for match in _SUBHEADING_RE.finditer(text, 0, start):
        heading = "" if len(match.group(1)) == 2 else match.group(2)
    bold = _BOLD_LEAD_RE.match(text, start, end)
    return f"{heading}\n{bold.group(1) if bold else ''}".casefold()
