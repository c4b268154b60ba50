"""The `interactions` front matter: every party is a monograph or a declared group,
every entry cites one of the page's own sources and is a verified label fact of its
facts copy (its numbers included), and the `## Interactions` text names nothing the
structured entries leave out (the checker answers from those entries alone).
"""

import re
from functools import lru_cache

from ..catalog import name_key
from ..findings import WARNING, Finding
from .facts import KNOWN_TAGS
from .prose import without_markup

CODES = {
    "INTER001": "an interaction names a party that is neither a monograph nor a group",
    "INTER002": "an interaction cites a source the monograph does not declare",
    "INTER003": "(warning) the Interactions section names a monograph or group that no "
                "structured interaction names",
    "INTER004": "a `named` medicine has a monograph (name it in `with`)",
    "INTER005": "an interaction is not a verified label fact of the facts file (or its "
                "action differs)",
    "INTER006": "a number in an interaction's limit or interval that its label fact does "
                "not state",
}

SECTION = "Interactions"
MAX_WORDS_IN_NAME = 4
_WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _entries(doc):
    value = doc.meta.get("interactions")
    return list(enumerate(value)) if isinstance(value, list) else []


def listed(entry):
    value = entry.get("with") or []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def named(entry):
    return [v for v in entry.get("named") or [] if isinstance(v, str)]


def check_parties(doc, context):
    """INTER001, INTER002, INTER004."""
    path = doc.display_path
    groups = context.groups
    declared = {s.get("id") for s in doc.meta.get("sources") or [] if isinstance(s, dict)}
    for index, entry in _entries(doc):
        for party in listed(entry):
            known = party in context.catalog.slugs or party in groups.slugs
            if not known and groups.usable:
                yield Finding(path, doc.line_of("interactions", index, "with"), 1, "INTER001",
                              f"interaction with '{party}': no monograph has that slug and "
                              f"{groups.path} declares no such group; add the group there, or "
                              "use `named` for a medicine that has no monograph")
            elif party == doc.slug:
                yield Finding(path, doc.line_of("interactions", index, "with"), 1, "INTER001",
                              f"interaction with '{party}', the monograph itself")
        for name in named(entry):
            slug = context.catalog.by_name.get(name_key(name))
            if slug:
                yield Finding(path, doc.line_of("interactions", index, "named"), 1, "INTER004",
                              f"'{name}' has a monograph ({slug}); write `with: {slug}` so "
                              "the checker finds it")
        source = entry.get("source")
        if isinstance(source, str) and source not in declared:
            yield Finding(path, doc.line_of("interactions", index, "source"), 1, "INTER002",
                          f"source '{source}' is not among this monograph's sources")


def mentioned(text, names):
    """[(offset, slug)] of the names (a {name_key: slug} table) found in `text`, a
    whole run of one to MAX_WORDS_IN_NAME words each."""
    found = []
    for start, keys in _runs(text):
        for key in keys:
            slug = names.get(key)
            if slug:
                found.append((start, slug))
                break
    return found


@lru_cache(maxsize=8)
def _runs(text):
    """(offset, [name keys of the runs of MAX_WORDS_IN_NAME words down to one starting
    there]) for each word of `text`: made once for the tables it is looked up in."""
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    runs = []
    for index, (start, _) in enumerate(words):
        ends = [end for _, end in words[index:index + MAX_WORDS_IN_NAME]]
        runs.append((start, [name_key(" ".join(text[start:end].split()))
                             for end in reversed(ends)]))
    return runs


def check_prose(doc, context):
    """INTER003: every monograph or group the Interactions text names has an entry."""
    section = doc.section(SECTION)
    if section is None:
        return
    covered = {party for _, entry in _entries(doc) for party in listed(entry)}
    text = without_markup(section.markdown)
    told = set()
    tables = [(context.catalog.by_name, "monograph"), (context.groups.by_name, "group")]
    for names, kind in tables:
        for offset, slug in mentioned(text, names):
            if slug in covered or slug == doc.slug or slug in told:
                continue
            told.add(slug)
            line = section.line + text.count("\n", 0, offset)
            yield Finding(doc.display_path, line, 1, "INTER003",
                          f"the Interactions section names the {kind} '{slug}' but no entry "
                          f"of `interactions` has `with: {slug}`; add the label's statement "
                          "(the checker shows only those)", WARNING)


def _key(entry):
    return (frozenset(listed(entry)), frozenset(name_key(n) for n in named(entry)),
            entry.get("source"), str(entry.get("label_section")))


def _facts_entries(facts):
    value = facts.data.get("interactions")
    entries = [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
    return {_key(e): e for e in entries}


def check_facts(doc, context):
    """INTER005 and INTER006: each entry is a verified label fact of the facts copy,
    with the same instruction, and the numbers of its limit or interval are in the
    label's words there."""
    slug = doc.slug if isinstance(doc.slug, str) else None
    facts = context.facts.get(slug) if slug else None
    if facts is None or facts.data is None or not _entries(doc):
        return
    held = _facts_entries(facts)
    path = doc.display_path
    for index, entry in _entries(doc):
        fact = held.get(_key(entry))
        line = doc.line_of("interactions", index)
        parties = ", ".join(listed(entry) + named(entry))
        if fact is None:
            yield Finding(path, line, 1, "INTER005",
                          f"interaction with {parties} ({entry.get('source')}, section "
                          f"{entry.get('label_section')}) has no entry with the same parties, "
                          f"source and label_section in {facts.path} `interactions`; add the "
                          "label fact there")
            continue
        if fact.get("tag") not in KNOWN_TAGS:
            yield Finding(path, line, 1, "INTER005",
                          f"interaction with {parties} is tagged {fact.get('tag') or 'nothing'} "
                          f"in {facts.path}; only verified label facts are published")
        elif fact.get("action") != entry.get("action"):
            yield Finding(path, doc.line_of("interactions", index, "action"), 1, "INTER005",
                          f"interaction with {parties} is '{entry.get('action')}' but the label "
                          f"fact in {facts.path} says '{fact.get('action')}'")
        said = set(_NUMBER_RE.findall(str(fact.get("label_says") or "")))
        for key in ("limit", "interval"):
            for number in _NUMBER_RE.findall(str(entry.get(key) or "")):
                if number not in said:
                    yield Finding(path, doc.line_of("interactions", index, key), 1, "INTER006",
                                  f"{key} '{entry.get(key)}': {number} is not in the label's "
                                  f"words of this interaction in {facts.path}; add the label "
                                  "fact there, or correct the number")
