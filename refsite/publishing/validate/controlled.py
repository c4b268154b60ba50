"""CONTROL001: a medicine the page itself shows to be a controlled substance says so in
`controlled_substance`, the field the page's schedule notice, the API and FHIR read.

content/labels/ has no list of scheduled drugs, so the evidence is what the monograph
holds: a boxed-warning item about abuse, misuse or addiction (the benzodiazepine and
opioid boxed warnings), a source whose title carries the label's schedule mark
("tablets, CIV"), or text naming a schedule ("Schedule IV", "a controlled substance",
not negated). Any of these without `controlled_substance` is an error at the evidence.
"""

import re

from refsite.monographs.fields import boxed_title

from ..findings import Finding
from .prose import prose

CODES = {
    "CONTROL001": "the page shows a controlled substance (boxed abuse warning, schedule in "
                  "the label title or text) but sets no controlled_substance",
}

_BOXED_RE = re.compile(r"\b(?:abuse|misuse|addiction)\b", re.IGNORECASE)
_TITLE_RE = re.compile(r"(?:^|[\s,(;])C-?(?:I{1,3}|IV|V)(?=[\s,:;)]|$)")
_TEXT_RE = re.compile(
    r"\bschedule\s+(?:I{1,3}|IV|V)\b(?:\s+controlled\s+substance)?|\bC-(?:I{1,3}|IV|V)\b"
    r"|\bcontrolled\s+substance\b", re.IGNORECASE)
_NEGATED_RE = re.compile(r"\b(?:not|never|no)\b[^.;]{0,20}$", re.IGNORECASE)


def _evidence(doc):
    """(line, col, what) of the first sign the medicine is scheduled, or None."""
    boxed = doc.meta.get("boxed_warning")
    for index, item in enumerate(boxed if isinstance(boxed, list) else []):
        item = boxed_title(item)
        if isinstance(item, str) and _BOXED_RE.search(item):
            return (doc.line_of("boxed_warning", index), 1,
                    f"the boxed warning '{item}' is about abuse and addiction")
    sources = doc.meta.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        title = source.get("title") if isinstance(source, dict) else None
        match = _TITLE_RE.search(title) if isinstance(title, str) else None
        if match:
            return (doc.line_of("sources", index, "title"), 1,
                    f"the label title carries the schedule mark '{match.group().strip(' ,(;')}'")
    text = prose(doc)
    for match in _TEXT_RE.finditer(text):
        if _NEGATED_RE.search(text[max(0, match.start() - 40):match.start()]):
            continue
        line, col = doc.position(match.start())
        return line, col, f"the text says '{' '.join(match.group().split())}'"
    return None


def check(doc, context=None):
    if doc.meta.get("controlled_substance"):
        return
    found = _evidence(doc)
    if found:
        line, col, what = found
        yield Finding(doc.display_path, line, col, "CONTROL001",
                      f"{what}, but controlled_substance is not set; add "
                      "controlled_substance: with the schedule the label states (C-I to C-V; "
                      "C-IV for the benzodiazepines), or correct the text if it is not one")
