"""Citations: every required section names its source, and every source is used.

Citations are written `[^source-id]`, pointing at an `id` in the front-matter `sources`;
the renderer turns them into numbered links to the source list.
"""

import re

from ..findings import Finding
from .structure import REQUIRED_SECTIONS

CODES = {
    "CITE001": "a required section cites no source",
    "CITE002": "a citation names a source that is not declared",
    "CITE003": "a declared source is never cited",
}

CITATION_RE = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def citations_in(doc):
    """(line, col, source id) for each citation in the body."""
    for number, text in doc.body_lines():
        for match in CITATION_RE.finditer(text):
            yield number, match.start() + 1, match.group(1)


def check(doc, context=None):
    path = doc.display_path
    declared = {s["id"]: i for i, s in enumerate(doc.meta.get("sources", []))}
    cited = set()
    for line, col, source_id in citations_in(doc):
        cited.add(source_id)
        if source_id not in declared:
            known = ", ".join(sorted(declared)) or "none declared"
            yield Finding(path, line, col, "CITE002",
                          f"citation [^{source_id}] names no declared source ({known})")
    required = {t.casefold() for t in REQUIRED_SECTIONS}
    for section in doc.sections:
        if section.title.casefold() in required and section.markdown.strip():
            if not CITATION_RE.search(section.markdown):
                yield Finding(path, section.line, 4, "CITE001",
                              f"section '{section.title}' cites no source; add [^source-id] "
                              "after the facts it states")
    for source_id, index in declared.items():
        if source_id not in cited:
            yield Finding(path, doc.line_of("sources", index), 1, "CITE003",
                          f"source '{source_id}' is declared but never cited; cite it or "
                          "remove it")
