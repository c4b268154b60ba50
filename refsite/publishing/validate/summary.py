"""The patient summary: plain sentences at the top of the page, never a dose.

The summary is the first thing a patient reads and the one text no dose rule compares
with `dosing` (it is front matter, the other side of that comparison), so a number there
would be published unchecked. Doses belong in `## Dosing` and the dosing table.
"""

import re

from ..doses import find_doses
from ..findings import Finding
from .schema import value_position

CODES = {
    "SUMMARY001": "the patient summary states a dose",
}

# Any number followed by a dose unit, however oddly written ("10mg", ".5 mg", "0,5 mg",
# "5 ug", "2 IU"): find_doses skips some of these forms (a concentration, say), and the
# summary has no business with any of them.
_AMOUNT_RE = re.compile(
    r"(?<![\w.,])(?:\d+(?:[.,]\d+)*|\.\d+)\s*"
    r"(?:mcg|mg|g|ml|units?|[µμu]g|iu|u|micrograms?|milligrams?|grams?|milliliters?"
    r"|millilitres?)(?![A-Za-z])",
    re.IGNORECASE,
)


def doses_in(text):
    """(offset, text) of each dose or amount written in `text`, in order, overlaps merged."""
    found = [(dose.start, dose.end) for dose in find_doses(text)]
    found += [match.span() for match in _AMOUNT_RE.finditer(text)]
    merged = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(start, " ".join(text[start:end].split())) for start, end in merged]


def check(doc, context=None):
    """SUMMARY001 at each dose of the summary. Reads the summary only when it is text, so
    it runs whatever else the front matter holds."""
    summary = doc.meta.get("summary")
    if not isinstance(summary, str):
        return
    for offset, dose in doses_in(summary):
        line, col = value_position(doc, ("summary",), summary, offset)
        yield Finding(doc.display_path, line, col, "SUMMARY001",
                      f"the patient summary states a dose ('{dose}'); doses belong in "
                      "Dosing, where they are checked against the label: remove it from "
                      "the summary")

