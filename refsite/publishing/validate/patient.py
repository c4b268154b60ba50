"""The patient-first parts of a page, held to the label like the doses are.

A published page shows each boxed item in plain words on its first screen (PATIENT001).
Forms and strengths, the Medication Guide link and the side-effect rates are structured
data a reader acts on, so each names a declared source (PATIENT002) and each is a fact
the facts copy holds as verified (PATIENT003 for forms, strengths and the Medication
Guide; ADVERSE001 for every rate): an editor cannot type a strength or a percentage the
label facts do not state.
"""

from refsite.monographs.fields import boxed_items

from ..findings import Finding
from .facts import _usable_facts

VERIFIED = "V-LABEL"

CODES = {
    "PATIENT001": "a published page's boxed item has no plain wording for patients",
    "PATIENT002": "forms, medication_guide or adverse_reactions name an undeclared source",
    "PATIENT003": "a form, strength or Medication Guide that no verified label fact holds",
    "ADVERSE001": "a side-effect rate that no verified label fact holds",
}


def check_plain_boxed(doc, context=None):
    """PATIENT001: on a published page every boxed item is {title, plain}."""
    if doc.meta.get("status") != "reviewed":
        return
    for index, item in enumerate(boxed_items(doc.meta.get("boxed_warning"))):
        if not item["plain"]:
            yield Finding(doc.display_path, doc.line_of("boxed_warning", index), 1,
                          "PATIENT001",
                          f"boxed item '{item['title']}' has no plain wording: write it as "
                          "{title: <the label's title>, plain: <the same in plain words>} so "
                          "the first screen tells patients what it means")


def _entries(doc):
    """(key path, entry) of every structured patient entry that names a source."""
    guide = doc.meta.get("medication_guide")
    if isinstance(guide, dict):
        yield ("medication_guide",), guide
    for key in ("forms", "adverse_reactions"):
        value = doc.meta.get(key)
        for index, entry in enumerate(value if isinstance(value, list) else []):
            if isinstance(entry, dict):
                yield (key, index), entry


def check_sources(doc, context=None):
    """PATIENT002: each entry cites a source the page declares."""
    sources = doc.meta.get("sources")
    declared = {s.get("id") for s in sources if isinstance(s, dict)} if isinstance(
        sources, list) else set()
    for path, entry in _entries(doc):
        if entry.get("source") not in declared:
            yield Finding(doc.display_path, doc.line_of(*path, "source"), 1, "PATIENT002",
                          f"{path[0]} names source '{entry.get('source')}', which is not "
                          "among this page's sources; cite a declared label")


def _verified(entries):
    """The entries tagged V-LABEL: a strength or a rate is never published from a
    secondary summary."""
    return [e for e in entries if isinstance(e, dict) and e.get("tag") == VERIFIED
            ] if isinstance(entries, list) else []


def _strength(value):
    if not isinstance(value, dict):
        return None
    number = value.get("value")
    number = float(number) if isinstance(number, int | float) else number
    return number, value.get("unit"), value.get("per") or ""


def _where(entry):
    return entry.get("source"), str(entry.get("label_section"))


def check_forms(doc, context):
    """PATIENT003: forms, strengths and the Medication Guide are verified label facts
    (V-LABEL only: a strength is a number a reader acts on)."""
    facts = _usable_facts(doc, context)
    if facts is None:
        return
    path = doc.display_path
    held = _verified(facts.data.get("forms"))
    for index, form in enumerate(doc.meta.get("forms") or []):
        matches = [f for f in held if f.get("form") == form.get("form")
                   and _where(f) == _where(form)]
        if not matches:
            yield Finding(path, doc.line_of("forms", index), 1, "PATIENT003",
                          f"form '{form.get('form')}' ({form.get('source')}, section "
                          f"{form.get('label_section')}) is not a V-LABEL form in {facts.path}")
            continue
        known = {_strength(s) for f in matches for s in f.get("strengths") or []}
        for number, strength in enumerate(form.get("strengths") or []):
            if _strength(strength) not in known:
                value, unit, per = _strength(strength)
                yield Finding(path, doc.line_of("forms", index, "strengths", number), 1,
                              "PATIENT003",
                              f"strength {value:g} {unit}{' per ' + per if per else ''} of "
                              f"'{form.get('form')}' is not a V-LABEL strength in {facts.path}")
    guide = doc.meta.get("medication_guide")
    if isinstance(guide, dict):
        held_guide = facts.data.get("medication_guide")
        if not (_verified([held_guide]) and held_guide.get("kind") == guide.get("kind")
                and _where(held_guide) == _where(guide)):
            yield Finding(path, doc.line_of("medication_guide"), 1, "PATIENT003",
                          f"medication_guide ({guide.get('kind')}, {guide.get('source')}) is not "
                          f"a V-LABEL fact in {facts.path}; link it only where the label "
                          "facts show it")


def _rate(value):
    return float(value) if isinstance(value, int | float) else None


def check_adverse(doc, context):
    """ADVERSE001: every rate equals a V-LABEL rate of the same label table."""
    facts = _usable_facts(doc, context)
    groups = doc.meta.get("adverse_reactions")
    if facts is None or not isinstance(groups, list):
        return
    held = _verified(facts.data.get("adverse_reactions"))
    path = doc.display_path
    for index, group in enumerate(groups):
        same_table = [g for g in held if _where(g) == _where(group)
                      and g.get("table") == group.get("table")
                      and g.get("population") == group.get("population")]
        rates = {(r.get("term"), _rate(r.get("drug_percent")), _rate(r.get("comparator_percent")))
                 for g in same_table for r in g.get("reactions") or [] if isinstance(r, dict)}
        for number, reaction in enumerate(group.get("reactions") or []):
            key = (reaction.get("term"), _rate(reaction.get("drug_percent")),
                   _rate(reaction.get("comparator_percent")))
            if key not in rates:
                shown = f"{key[1]:g}%" + (f" vs {key[2]:g}%" if key[2] is not None else "")
                yield Finding(path, doc.line_of("adverse_reactions", index, "reactions", number),
                              1, "ADVERSE001",
                              f"'{key[0]}' {shown} ({group.get('source')}, section "
                              f"{group.get('label_section')} {group.get('table') or ''}, "
                              f"{group.get('population')}) is not a V-LABEL rate in "
                              f"{facts.path}; copy rates only from the label facts")
