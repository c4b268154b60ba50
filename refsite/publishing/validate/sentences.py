"""Sentences and paragraphs of the prose, for the rules that judge what a sentence claims.

A claim is judged in its sentence: whether it names the prescriber, cites a label
section or is negated. The spans index into `prose(doc)` and `doc.body` alike (prose
keeps offsets), so a rule can read the words in one and the citations in the other.
A sentence ends after `.`, `!` or `?` and the spaces after it (so a citation blanked
after the full stop belongs to its sentence), at a blank line, and before a list item
or a heading.
"""

import bisect
import re
from functools import lru_cache

_BREAK_RE = re.compile(
    r"(?<=[.!?])[\"'\u201d)\]*_ \t]*(?:\s+|\Z)"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[ \t]*(?:[-*+]|\d+[.)]|#{1,6})[ \t])"
)
PARAGRAPH_REACH = 1500
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
    """(start, end) of the sentence holding `offset` (one pass over the text per text,
    however many offsets are asked about)."""
    spans = _spans(text)
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return offset, offset


def spans(text):
    """The (start, end) of `text`'s sentences, found once for all the rules that read
    the same prose (a body's sentences were split five times a check)."""
    return _spans(text)


@lru_cache(maxsize=64)
def _spans(text):
    return tuple(sentences(text))


def sentences_with(words, text, folded):
    """The (start, end) of the sentences of `text` that hold one of `words` (lowercase
    strings without spaces) in `folded`, the text case-folded with its offsets kept:
    each word found with str.find (several times faster than a regex of them all), and
    its sentence by bisection, instead of a search of each sentence. Sentences hold
    every character but spaces, and end at a space, so each word found lies in one."""
    found = set()
    for word in words:
        at = folded.find(word)
        while at >= 0:
            found.add(at)
            at = folded.find(word, at + 1)
    if not found:
        return []
    sentences = _spans(text)
    starts = [start for start, _ in sentences]
    return [sentences[index]
            for index in sorted({bisect.bisect_right(starts, at) - 1 for at in found})]


def paragraph_at(text, offset):
    """(start, end) of the paragraph holding `offset`."""
    starts, ends = _paragraphs(text)
    index = bisect.bisect_right(starts, offset) - 1
    return starts[index], ends[index]


@lru_cache(maxsize=8)
def _paragraphs(text):
    breaks = list(_PARAGRAPH_BREAK_RE.finditer(text))
    return [0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)]


@lru_cache(maxsize=8)
def _headings(text):
    """(offset, ### heading text or "" after a ## heading), in order."""
    return [(m.start(), "" if len(m.group(1)) == 2 else m.group(2))
            for m in _SUBHEADING_RE.finditer(text)]


def _heading_before(text, start):
    headings = _headings(text)
    index = bisect.bisect_left(headings, (start, "")) - 1
    return headings[index][1] if index >= 0 else ""


def surroundings(text, offset):
    """The `###` heading and the paragraph at `offset`, casefolded: what a reader takes
    a sentence (or a dose) to be about, found without rescanning the text before it for
    every offset. At most PARAGRAPH_REACH characters either side count: a real paragraph
    is shorter, and a file that is one long paragraph stays linear."""
    start, end = paragraph_at(text, offset)
    near = text[max(start, offset - PARAGRAPH_REACH):min(end, offset + PARAGRAPH_REACH)]
    return f"{_heading_before(text, start)}\n{near}".casefold()


def lead_of(text, offset):
    """What a reader takes the paragraph at `offset` to be headed by: the `###` heading
    above it in its section and its bold lead ("**Off-label use.** ..."), casefolded."""
    start, end = paragraph_at(text, offset)
    heading = _heading_before(text, start)
    bold = _BOLD_LEAD_RE.match(text, start, end)
    return f"{heading}\n{bold.group(1) if bold else ''}".casefold()
