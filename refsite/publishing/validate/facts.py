"""Every number traced to the label: a monograph against its facts copy.

`content/reference/<slug>.yaml` restates, with verification tags and label sections, the
label facts a monograph was written from. These rules hold the monograph to it, so an
editor learns before review (and the loader refuses) what a reviewer would otherwise
have to catch by eye: a maximum raised, a boxed item dropped, a dose written in the
prose that no label fact states, a source that is not the label version the facts were
read in. `tests/test_content_facts.py` keeps the same comparison as a CI guard.

Only facts tagged V-LABEL (or V-SEC, which the README allows where a V-LABEL range holds
it) count as known amounts; an UNVERIFIED amount never traces anything.
"""

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from refsite.monographs.fields import boxed_titles

from ..doses import Amount, find_doses, format_number, to_base
from ..findings import ContentError, Finding
from ..parse import load_plain_yaml
from .prose import prose

CODES = {
    "FACT001": "a published monograph has no usable facts file in content/reference/",
    "FACT002": "a structured dose rule differs from the facts (or its facts are UNVERIFIED)",
    "FACT003": "a labeled dose rule in the facts is missing from `dosing`",
    "FACT004": "boxed_warning differs from the boxed items in the facts",
    "FACT005": "a source is not the label named in the facts (set id, version or date)",
    "TRACE001": "a dose amount that no label fact in the facts file states",
}

REFERENCE_DIR = "reference"
AMOUNT_FIELDS = ("initial", "titration", "maintenance", "max_daily")
IDENTITY_FIELDS = ("set_id", "version", "effective", "read_on", "revised")
KNOWN_TAGS = frozenset({"V-LABEL", "V-SEC"})


@dataclass(frozen=True)
class Facts:
    """One facts file, or why it could not be read (`problem`)."""

    path: str
    data: dict | None = None
    problem: str = ""

    @cached_property
    def amounts(self):
        return traced_amounts(self.data)


def load_facts(root, slugs=None, read=None):
    """{slug: Facts} for the facts files under `root`/reference (only `slugs` if given).
    `read` holds {file stem: Facts} already read (by the worker processes that parsed
    the monographs): those files are not read again."""
    folder = Path(root) / REFERENCE_DIR
    read = read or {}
    if slugs is None:
        paths = sorted(folder.glob("*.yaml"))
    else:
        # Just the files of `slugs`, those the listing would hold (a reload of one file
        # does not list ten thousand).
        paths = sorted({path for slug in slugs for path in _named(folder, slug)
                        if path.stem == slug and os.path.lexists(path)})
    return {path.stem: read[path.stem] if path.stem in read else _read(path)
            for path in paths}


def _named(folder, slug):
    """The files in `folder` a listing of *.yaml could give the stem `slug`: slug.yaml,
    and a name like ".yaml", which has no suffix."""
    if not isinstance(slug, str) or "/" in slug or "\0" in slug:
        return []
    return [folder / f"{slug}.yaml", *([folder / slug] if slug.endswith(".yaml") else [])]


def read_facts_of(root, stem):
    """The Facts of the facts file named like a monograph file (`stem`.yaml), or None
    when there is none; what `load_facts` would read for it."""
    path = Path(root) / REFERENCE_DIR / f"{stem}.yaml"
    return _read(path) if path.is_file() else None


def _read(path):
    shown = f"{REFERENCE_DIR}/{path.name}"
    try:
        return _facts(shown, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Facts(shown, problem=f"{shown} cannot be read: "
                     f"{' '.join(str(exc).split())[:200]}")


@lru_cache(maxsize=4096)
def _facts(shown, text):
    """The facts of one file's text, read once however many checks ask (the data is
    only ever read, never changed)."""
    try:
        data = load_plain_yaml(text, shown)
    except ContentError as exc:
        return Facts(shown, problem=exc.findings[0].format())
    except yaml.YAMLError as exc:
        return Facts(shown, problem=f"{shown} cannot be read: "
                     f"{' '.join(str(exc).split())[:200]}")
    if not isinstance(data, dict):
        return Facts(shown, problem=f"{shown} is not a mapping")
    return Facts(shown, data)


def _known(tag):
    return tag in KNOWN_TAGS


def _rules(data):
    rules = data.get("dose_rules")
    return [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []


def _same(stated, held):
    """Structured amounts are equal (200 and 200.0 agree)."""
    if stated is None or held is None:
        return stated is None and held is None
    if not isinstance(stated, dict) or not isinstance(held, dict):
        return False
    keys = set(stated) | set(held)
    return all(_value(stated.get(k)) == _value(held.get(k)) for k in keys)


def _value(value):
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _show(value):
    if not isinstance(value, dict):
        return "none"
    try:
        return Amount.from_dict(value).describe() + (
            f" every {value['every']}" if value.get("every") else "")
    except (KeyError, TypeError, ValueError):
        return str(value)


def _facts_of(doc, context):
    slug = doc.slug if isinstance(doc.slug, str) else None
    return context.facts.get(slug) if slug else None


def _usable_facts(doc, context):
    """The document's facts, or None when it has none that can be read (FACT001 says
    so where that matters)."""
    facts = _facts_of(doc, context)
    return facts if facts is not None and facts.data is not None else None


def check_file(doc, context):
    """FACT001: a published page needs its facts file."""
    facts = _facts_of(doc, context)
    if doc.meta.get("status") != "reviewed":
        return
    if facts is None:
        yield Finding(doc.display_path, doc.line_of("status"), 1, "FACT001",
                      f"published monograph without {REFERENCE_DIR}/{doc.slug}.yaml: add the "
                      "label facts it was written from (see content/reference/README.md)")
    elif facts.problem:
        yield Finding(doc.display_path, doc.line_of("status"), 1, "FACT001", facts.problem)


def check_dosing(doc, context):
    """FACT002 and FACT003: structured dosing equals the facts' dose rules."""
    facts = _usable_facts(doc, context)
    if facts is None:
        return
    path = doc.display_path
    held = {(r.get("indication"), r.get("population")): r for r in _rules(facts.data)}
    used = set()
    for index, rule in enumerate(doc.meta.get("dosing") or []):
        key = (rule.get("indication"), rule.get("population"))
        fact = held.get(key)
        if fact is None:
            yield Finding(path, doc.line_of("dosing", index), 1, "FACT002",
                          f"dose rule ({key[0]}, {key[1]}) has no rule with that indication and "
                          f"population in {facts.path}; add the label fact or correct the rule")
            continue
        used.add(key)
        tags = fact.get("tags") if isinstance(fact.get("tags"), dict) else {}
        for field in AMOUNT_FIELDS:
            stated = rule.get(field)
            line = doc.line_of("dosing", index, field)
            if stated is not None and not _known(tags.get(field)):
                yield Finding(path, line, 1, "FACT002",
                              f"{field} of ({key[0]}, {key[1]}) is not a verified label fact "
                              f"in {facts.path} (tag {tags.get(field) or 'missing'}); never "
                              "publish it")
            elif not _same(stated, fact.get(field)):
                yield Finding(path, line, 1, "FACT002",
                              f"{field} of ({key[0]}, {key[1]}) is {_show(stated)} but the label "
                              f"facts hold {_show(fact.get(field))}")
    for key, fact in held.items():
        tags = fact.get("tags") if isinstance(fact.get("tags"), dict) else {}
        if key not in used and _known(tags.get("initial")):
            yield Finding(path, doc.line_of("dosing"), 1, "FACT003",
                          f"the labeled rule ({key[0]}, {key[1]}) in {facts.path} is missing "
                          "from dosing")


def check_boxed(doc, context):
    """FACT004: boxed_warning holds exactly the label's boxed items."""
    facts = _usable_facts(doc, context)
    if facts is None:
        return
    boxed = facts.data.get("boxed_warning")
    items = boxed.get("items") if isinstance(boxed, dict) else None
    held = [i.get("item") for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    stated = boxed_titles(doc.meta.get("boxed_warning"))
    path = doc.display_path
    for index, item in enumerate(stated):
        if item not in held:
            yield Finding(path, doc.line_of("boxed_warning", index), 1, "FACT004",
                          f"boxed item '{item}' is not a boxed item of the label in {facts.path}")
    for item in held:
        if item not in stated:
            yield Finding(path, doc.line_of("boxed_warning"), 1, "FACT004",
                          f"the label's boxed item '{item}' ({facts.path}) is missing from "
                          "boxed_warning")


def check_sources(doc, context):
    """FACT005: each source is the label version the facts were read in."""
    facts = _usable_facts(doc, context)
    if facts is None:
        return
    labels = facts.data.get("labels")
    labels = {lab.get("source"): lab for lab in labels
              if isinstance(lab, dict)} if isinstance(labels, list) else {}
    for index, source in enumerate(doc.meta.get("sources") or []):
        label = labels.get(source.get("id"))
        line = doc.line_of("sources", index)
        if label is None:
            yield Finding(doc.display_path, line, 1, "FACT005",
                          f"source '{source.get('id')}' is not among the labels of {facts.path}")
            continue
        for field in IDENTITY_FIELDS:
            held = label.get(field)
            held = held.get("value") if isinstance(held, dict) else held
            stated = source.get(field)
            if stated != held and str(stated) != str(held):
                yield Finding(doc.display_path, doc.line_of("sources", index, field, default=line),
                              1, "FACT005",
                              f"source '{source.get('id')}' has {field} {stated!r} but the label "
                              f"in {facts.path} has {held!r}")


def check_trace(doc, context):
    """TRACE001: every dose amount, in the prose and in the structured dosing, is one a
    label fact states (a structured amount of the facts, or an amount in the words of a
    verified fact), in the same dimension (mg, mg/kg, mL, units ...)."""
    facts = _usable_facts(doc, context)
    if facts is None:
        return
    known = facts.amounts
    path = doc.display_path
    for dose in find_doses(prose(doc)):
        for number in dose.numbers:
            if _key(number.value, dose.unit) not in known:
                line, col = doc.position(dose.start)
                yield Finding(path, line, col, "TRACE001",
                              f"'{dose.describe()}': {format_number(number.value)} "
                              f"{dose.unit.symbol} is not an amount of any label fact in "
                              f"{facts.path}; add the label fact (with its section) there, or "
                              "correct the amount")
    for index, rule in enumerate(doc.meta.get("dosing") or []):
        for field in AMOUNT_FIELDS:
            for value, unit in _structured(rule.get(field)):
                if _key(value, unit) not in known:
                    yield Finding(path, doc.line_of("dosing", index, field), 1, "TRACE001",
                                  f"{field} {format_number(value)} {unit} is not an amount of "
                                  f"any label fact in {facts.path}")


def _key(value, unit):
    """An amount as comparable: base units within a dimension (per dose or per day alike:
    the facts' words say which)."""
    return round(to_base(value, unit), 9), unit.dimension


def _structured(value):
    if not isinstance(value, dict):
        return []
    try:
        amount = Amount.from_dict(value)
    except (KeyError, TypeError, ValueError):
        return []
    numbers = [amount.value] + ([amount.to] if amount.to is not None else [])
    return [(n, amount.unit) for n in numbers if isinstance(n, int | float)]


def traced_amounts(data):
    """The amounts a facts file vouches for: its verified structured amounts and every
    dose written in the words of its verified facts."""
    known = set()
    texts = []
    for rule in _rules(data):
        tags = rule.get("tags") if isinstance(rule.get("tags"), dict) else {}
        for field in AMOUNT_FIELDS:
            if _known(tags.get(field)):
                known.update(_key(v, u) for v, u in _structured(rule.get(field)))
        if any(_known(tag) for tag in tags.values()):
            texts.append(rule.get("label_says"))
    boxed = data.get("boxed_warning")
    if isinstance(boxed, dict) and _known(boxed.get("tag")):
        texts += [i.get("label_says") for i in boxed.get("items") or [] if isinstance(i, dict)]
    for entry in data.get("facts") or []:
        if isinstance(entry, dict) and _known(entry.get("tag")):
            texts.append(entry.get("fact"))
    for text in texts:
        if isinstance(text, str):
            for dose in find_doses(text):
                known.update(_key(n.value, dose.unit) for n in dose.numbers)
    return frozenset(known)
