"""Body structure: the sections every monograph has, in the order readers expect."""

from ..findings import Finding

CODES = {
    "STRUCT001": "a required section is missing",
    "STRUCT002": "sections are out of order",
    "STRUCT003": "a section is empty",
    "STRUCT004": "text before the first section",
    "STRUCT005": "unknown section title",
    "STRUCT006": "a section appears twice",
}

REQUIRED_SECTIONS = (
    "Indications",
    "Mechanism of action",
    "Dosing",
    "Warnings",
    "Side effects",
)
OPTIONAL_SECTIONS = (
    "How to take it",
    "Missed dose",
    "Contraindications",
    "Interactions",
    "Pregnancy and breastfeeding",
    "Overdose",
    "Storage",
)
# The order readers meet them: what a patient needs to take the medicine comes right
# after what it is for; the clinician's sections follow.
ALL_SECTIONS = ("Indications", "How to take it", "Missed dose", *REQUIRED_SECTIONS[1:],
                *OPTIONAL_SECTIONS[2:])
_ORDER = {title.casefold(): index for index, title in enumerate(ALL_SECTIONS)}


def check(doc, context=None):
    path = doc.display_path
    if doc.preamble:
        yield Finding(path, doc.body_line, 1, "STRUCT004",
                      "text before the first '## ' section is not shown; move it into a section")
    seen = {}
    last_index = -1
    last_title = None
    for section in doc.sections:
        key = section.title.casefold()
        if key not in _ORDER:
            yield Finding(path, section.line, 4, "STRUCT005",
                          f"unknown section '{section.title}'; use one of: "
                          + ", ".join(ALL_SECTIONS))
            continue
        if key in seen:
            yield Finding(path, section.line, 4, "STRUCT006",
                          f"section '{section.title}' already starts at line {seen[key]}; "
                          "merge the two")
            continue
        seen[key] = section.line
        if _ORDER[key] < last_index:
            yield Finding(path, section.line, 4, "STRUCT002",
                          f"section '{section.title}' must come before '{last_title}'")
        else:
            last_index, last_title = _ORDER[key], section.title
        if not section.markdown.strip():
            yield Finding(path, section.line, 4, "STRUCT003",
                          f"section '{section.title}' is empty; write it or remove it")
    end = doc.body_line + max(len(doc.body.split("\n")) - 1, 0)
    for title in REQUIRED_SECTIONS:
        if title.casefold() not in seen:
            yield Finding(path, end, 1, "STRUCT001",
                          f"required section '## {title}' is missing")
