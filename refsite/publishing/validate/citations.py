"""Citations: every section names its source, and every source is used.

Citations are written `[^source-id]`, pointing at an `id` in the front-matter `sources`;
the renderer turns them into numbered links to the source list.
"""

import datetime
import re

from ..findings import Finding

CODES = {
    "CITE001": "a section cites no source",
    "CITE002": "a citation names a source that is not declared",
    "CITE003": "a declared source is never cited",
    "CITE004": "a paragraph or list item of Indications cites no source",
    "CITE005": "a source's effective, read_on or revised date is in the future",
}

# Each use of the medicine is a separate claim: an uncited one may be an off-label use
# presented as approved, so every paragraph and list item of this section carries its
# own citation, except list items under a cited lead-in that ends with a colon.
CITED_BLOCK_SECTIONS = ("Indications",)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING_RE = re.compile(r"^\s{0,3}#")

# `[^source-id]`, or `[^source-id:2.1]` naming the label section the fact comes from.
CITATION_RE = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)(?::([0-9]+(?:\.[0-9]+)*))?\]")


def citations_in(doc):
    """(line, col, source id) for each citation in the body."""
    for number, text in doc.body_lines():
        for match in CITATION_RE.finditer(text):
            yield number, match.start() + 1, match.group(1)


def check(doc, context=None):
    """CITE001: every section with text cites a source, the optional ones too (an
    uncited interaction or pregnancy statement is as unsafe as an uncited dose). Reads
    only the body, so it runs whatever the front matter holds."""
    for section in doc.sections:
        if section.markdown.strip() and not CITATION_RE.search(section.markdown):
            yield Finding(doc.display_path, section.line, 4, "CITE001",
                          f"section '{section.title}' cites no source; add [^source-id] "
                          "after the facts it states")


def check_sources(doc, context=None):
    """CITE002 and CITE003: citations against the declared `sources`."""
    path = doc.display_path
    declared = {s["id"]: i for i, s in enumerate(doc.meta.get("sources", []))}
    cited = set()
    for line, col, source_id in citations_in(doc):
        cited.add(source_id)
        if source_id not in declared:
            known = ", ".join(sorted(declared)) or "none declared"
            yield Finding(path, line, col, "CITE002",
                          f"citation [^{source_id}] names no declared source ({known})")
    for source_id, index in declared.items():
        if source_id not in cited:
            yield Finding(path, doc.line_of("sources", index), 1, "CITE003",
                          f"source '{source_id}' is declared but never cited; cite it or "
                          "remove it")


SOURCE_DATE_KEYS = ("effective", "read_on", "revised")
_MONTH_RE = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})$")


def _first_day(value):
    """The first day a source date can mean: the date itself, or the month's first day
    for a `revised` of YYYY-MM; None when it is no date (the schema reports that)."""
    if not isinstance(value, str):
        return None
    month = _MONTH_RE.match(value)
    try:
        if month:
            return datetime.date(int(month["year"]), int(month["month"]), 1)
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def check_source_dates(doc, context):
    """CITE005: a label cannot have been published, read or revised after today. A
    future date is a typo or a label nobody has seen yet, and either way the page would
    claim a review against a text that did not exist. A `revised` month is in the
    future only after today's month."""
    sources = doc.meta.get("sources")
    if not isinstance(sources, list):
        return
    this_month = context.today.replace(day=1)
    for index, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        for key in SOURCE_DATE_KEYS:
            value = source.get(key)
            day = _first_day(value)
            if day is None:
                continue
            monthly = bool(_MONTH_RE.match(value))
            if (day > this_month) if monthly else (day > context.today):
                yield Finding(doc.display_path, doc.line_of("sources", index, key), 1,
                              "CITE005",
                              f"source '{source.get('id')}': {key} {value} is in the future "
                              f"(today is {context.today}); write the date the label states "
                              "or the day its text was read")


def blocks(section):
    """(line, text) for each paragraph and list item of a section's Markdown."""
    current = None
    for index, text in enumerate(section.markdown.split("\n")):
        line = section.line + 1 + index
        if not text.strip() or _HEADING_RE.match(text):
            if current:
                yield current
            current = None
        elif _LIST_ITEM_RE.match(text) or current is None:
            if current:
                yield current
            current = (line, text)
        else:
            current = (current[0], current[1] + "\n" + text)
    if current:
        yield current


def check_blocks(doc, context=None):
    wanted = {title.casefold() for title in CITED_BLOCK_SECTIONS}
    for section in doc.sections:
        if section.title.casefold() not in wanted or not CITATION_RE.search(section.markdown):
            continue  # an entirely uncited section is one CITE001, not one per block
        covered_by_lead_in = False
        for line, text in blocks(section):
            is_item = bool(_LIST_ITEM_RE.match(text))
            cited = bool(CITATION_RE.search(text))
            if not is_item:
                # "The label lists these uses:[^label]" covers the list under it.
                covered_by_lead_in = cited and CITATION_RE.sub("", text).rstrip().endswith(":")
            if not cited and not (is_item and covered_by_lead_in):
                first = " ".join(_LIST_ITEM_RE.sub("", text, count=1).split())[:50]
                yield Finding(doc.display_path, line, 1, "CITE004",
                              f"'{first}' in '{section.title}' cites no source; add "
                              "[^source-id] for the label that states it, or remove it")
