"""FM008: the names, class and summary are shown as plain text, so Markdown in them is
shown as written: "**Klonopin**" in the A to Z, "[safe](https://...)" in the summary.
HTML in any front-matter string is FM007 (schema.py); this is its Markdown sibling, for
the fields a page shows as text: `generic_name`, `brand_names`, `synonyms`,
`drug_class` and `summary`.
"""

import re

from ..findings import Finding
from .schema import value_position

CODES = {
    "FM008": "Markdown markup (**, __, backticks, [text](url), a leading #) in a name, the "
             "class or the summary",
}

FIELDS = ("generic_name", "brand_names", "synonyms", "drug_class", "summary")
_MARKDOWN_RE = re.compile(
    r"(?P<strong>\*\*|__)|(?P<code>`)|(?P<link>!?\[[^\]\n]*\]\([^)\n]*\))|(?P<heading>^\s*#+)"
)
_WHAT = {"strong": "bold markup", "code": "a code mark", "link": "a Markdown link",
         "heading": "a heading mark"}


def _values(meta):
    for key in FIELDS:
        value = meta.get(key)
        if isinstance(value, str):
            yield (key,), value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (key, index), item


def check(doc, context=None):
    for path, value in _values(doc.meta):
        match = _MARKDOWN_RE.search(value)
        if not match:
            continue
        kind = match.lastgroup
        offset = match.start() + (len(match.group()) - len(match.group().lstrip())
                                  if kind == "heading" else 0)
        line, column = value_position(doc, path, value, offset)
        piece = match.group().strip()[:30]
        where = ".".join(str(p) for p in path)
        yield Finding(doc.display_path, line, column, "FM008",
                      f"{where}: '{piece}' is {_WHAT[kind]}; this field is shown as plain "
                      "text, so readers would see the marks: write the words alone (the page "
                      "adds its own emphasis and links)")
