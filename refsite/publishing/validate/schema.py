"""Front matter against the JSON Schema in content/schema/, plus identity rules.

The schema file is the single declaration of the format, so editors' tools and this
check agree; this module only turns jsonschema's errors into findings at the right line.
"""

import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from ..findings import Finding

CODES = {
    "FM001": "a required front-matter key is missing",
    "FM002": "unknown front-matter key (usually a typo)",
    "FM003": "a front-matter value has the wrong type, format or value",
    "FM004": "slug does not equal the file name",
    "FM005": "two monographs have the same slug",
    "FM006": "two monographs share a name, or a name's slug (its address)",
    "FM007": "markup (an HTML tag, comment or character reference) in a front-matter string",
}

# A tag, closing tag, comment, declaration or processing instruction, or a character
# reference: what a browser would read as markup rather than text.
MARKUP_RE = re.compile(
    r"<[A-Za-z/!?]|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"
)

SCHEMA_PATH = Path("schema") / "monograph.schema.json"


def load_validator(schema_path):
    """The validator of the schema file at `schema_path`."""
    return _validator(Path(schema_path).read_text(encoding="utf-8"))


@cache
def _validator(schema_text):
    """Built once per schema text, wherever the file lives: checking a schema and
    building its validator cost far more than a check of a small content tree."""
    schema = json.loads(schema_text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    full = cls(_inlined(schema, schema.get("$defs", {})), format_checker=cls.FORMAT_CHECKER)
    return FrontMatterSchema(full, _fast_validator(schema))


def _fast_validator(schema):
    """jsonschema-rs's validator of `schema`, or None where it cannot build one."""
    try:
        return jsonschema_rs.validator_for(schema, validate_formats=True)
    except (jsonschema_rs.ValidationError, ValueError, TypeError):
        return None


class FrontMatterSchema:
    """The schema's jsonschema validator, asked only about front matter that is not
    valid. jsonschema (pure Python) was a seventh of each file's check, for files that
    are nearly all valid; jsonschema-rs answers "valid?" a hundred times faster, and
    only its "yes" is trusted: on "no", or on a value it cannot read (a YAML date, a
    key that is not text), jsonschema finds the errors and words the findings, as
    before. tests/test_schema_fast_path.py holds the two to the same verdict."""

    def __init__(self, full, fast):
        self.full = full
        self.fast = fast

    def iter_errors(self, meta):
        return iter(()) if self._surely_valid(meta) else self.full.iter_errors(meta)

    def _surely_valid(self, meta):
        try:
            return self.fast is not None and self.fast.is_valid(meta)
        except (ValueError, TypeError, OverflowError, RecursionError):
            return False


# Keywords beside a "$ref" that say nothing about validity: the definition may replace
# such a "$ref" node as it is.
_ANNOTATIONS = frozenset({"$ref", "description", "title", "$comment", "examples"})


def _inlined(node, defs, inside=()):
    """`node` with each local "$ref" to a $defs entry replaced by that entry (and its
    annotations): the same checks and the same messages, without a reference lookup for
    every value of every file (a seventh of a check). A "$ref" with other keywords
    beside it, a recursive one or one to anything else stays as it is."""
    if isinstance(node, list):
        return [_inlined(item, defs, inside) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
    if (name is not None and name != ref and name in defs and name not in inside
            and set(node) <= _ANNOTATIONS):
        target = _inlined(defs[name], defs, (*inside, name))
        if isinstance(target, dict):
            extra = {k: v for k, v in node.items() if k != "$ref" and k not in target}
            return {**target, **extra}
    return {key: _inlined(value, defs, inside) for key, value in node.items()}


def check(doc, context):
    errors = sorted(context.schema.iter_errors(doc.meta), key=lambda e: list(e.absolute_path))
    # jsonschema reports each missing required key as its own error whose
    # validator_value lists all of them, so the same finding can come more than once.
    yield from dict.fromkeys(f for error in errors for f in _findings_for(doc, error))
    slug = doc.meta.get("slug")
    if isinstance(slug, str) and doc.path.suffix == ".md" and slug != doc.path.stem:
        yield Finding(doc.display_path, doc.line_of("slug"), 1, "FM004",
                      f"slug '{slug}' must equal the file name '{doc.path.stem}'; "
                      "rename the file or change the slug")


def broken_keys(doc, schema):
    """Top-level keys whose value is missing or does not match `schema` (a validator)."""
    keys = set()
    for error in schema.iter_errors(doc.meta):
        if error.absolute_path:
            keys.add(error.absolute_path[0])
        elif error.validator == "required":
            keys.update(k for k in error.validator_value if k not in (error.instance or {}))
        elif error.validator == "additionalProperties":
            keys.update(set(error.instance) - set(error.schema.get("properties", {})))
        else:
            keys.add(None)  # the front matter as a whole
    return keys


def _findings_for(doc, error):
    path = tuple(error.absolute_path)
    where = ".".join(str(p) for p in path) or "front matter"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        conditional = "then" in error.schema_path
        for key in missing:
            if conditional and path == () and "status" in doc.meta:
                # Required because of `status: reviewed`: point at the status line.
                yield Finding(doc.display_path, doc.line_of("status"), 1, "FM001",
                              f"status is '{doc.meta['status']}' but required key '{key}' is "
                              "missing; add it (who reviewed, when, next review) or set "
                              "status: draft")
                continue
            yield Finding(doc.display_path, doc.line_of(*path), 1, "FM001",
                          f"{where}: required key '{key}' is missing")
    elif error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - allowed):
            hint = _closest(key, allowed)
            suggestion = f"; did you mean '{hint}'?" if hint else ""
            yield Finding(doc.display_path, doc.line_of(*path, key), 1, "FM002",
                          f"{where}: unknown key '{key}'{suggestion}")
    elif error.validator in {"if", "then"}:
        return
    elif error.validator in {"oneOf", "anyOf"} and isinstance(error.instance, dict):
        # An amount with a bad unit fails every branch; report the branch it was meant for.
        yield from _findings_for(doc, jsonschema.exceptions.best_match(error.context))
    else:
        yield Finding(doc.display_path, doc.line_of(*path), 1, "FM003",
                      f"{where}: {_message(error)}")


def _message(error):
    if error.validator == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed; use one of {options}"
    if error.validator == "pattern" and error.schema.get("format") == "date":
        return f"{error.instance!r} is not a date; write YYYY-MM-DD"
    if error.validator == "format":
        return f"{error.instance!r} is not a valid {error.validator_value}"
    if error.validator == "oneOf":
        return "must be an amount ({value, unit}) or null with a max_daily_note"
    return error.message


def _closest(key, allowed):
    import difflib

    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_unique(doc, context):
    """Slugs and names must identify one monograph, or links and search would guess:
    FM005 and FM006 from the catalog, at this document's line."""
    for clash in context.catalog.clashes.get(doc.display_path, ()):
        yield Finding(doc.display_path, doc.line_of(*clash.key_path), 1, clash.code,
                      clash.message)


def check_markup(doc, context=None):
    """FM007: front matter is text. The page escapes it, so `<b>` or `&amp;` would be
    shown as written, and the API returns it as written to programs that may not escape
    it. Every string of the front matter, at any depth, whatever its key or type (so it
    runs when other keys are broken), is reported where it is written: the key's line,
    or the line a folded value puts it on."""
    for path, value in _strings(doc.meta, ()):
        match = MARKUP_RE.search(value)
        if not match:
            continue
        line, column = value_position(doc, path, value, match.start())
        piece = value[match.start():].split(None, 1)[0][:20]
        where = ".".join(str(p) for p in path)
        yield Finding(doc.display_path, line, column, "FM007",
                      f"{where}: '{piece}' is markup; front matter is shown as plain text "
                      "(the page would show it as written, the API would return it raw): "
                      "write the plain characters instead")


def _strings(value, path):
    """(key path, string) for every string in a front-matter value, depth first."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def value_position(doc, path, value, offset):
    """(line, column) in the file of the character at `offset` of the front-matter string
    `value` at key `path`. YAML may fold the value over several lines, so the word
    there is looked up as the same occurrence of that word from the key's line on; the
    key's line when it cannot be found."""
    word = value[offset:].split(None, 1)[0] if value[offset:].strip() else ""
    line = doc.line_of(*path)
    if not word:
        return line, 1
    wanted = value.count(word, 0, offset)  # occurrences before this one
    lines = doc.text.split("\n")
    seen = 0
    for number in range(line, len(lines) + 1):
        text = lines[number - 1]
        if number > line and text.strip() == "---":
            break
        start = 0
        while (column := text.find(word, start)) >= 0:
            if seen == wanted:
                return number, column + 1
            seen += 1
            start = column + len(word)
    return line, 1
