"""Boxed warning: the page's box and the Warnings section must tell the same story.

The box lists the label's boxed items as headlines; the Warnings section explains them.
An item is covered when every significant word of it appears in the Warnings section:
words of three or more letters, ignoring case and a plural ("s", "es", "ies"), apart
from a short list of words every warning shares ("risk", "use", "with" ...). So
"Dependence and withdrawal reactions" needs "dependence", "withdrawal" and "reaction(s)"
in Warnings.

An empty `boxed_warning` is checked two ways: against the text (BOX002: the prose
speaks of a boxed warning the box does not show) and against a reference list of drugs
whose label has one, content/labels/boxed-warnings.yaml (BOX003), kept with the content
and filled only from the project's label facts. (An empty string as an item is a schema
error, FM003.)
"""

import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from refsite.monographs.fields import boxed_titles

from ..findings import Finding
from .prose import prose

CODES = {
    "BOX001": "a boxed-warning item is not covered in the Warnings section",
    "BOX002": "the text speaks of a boxed warning but boxed_warning is empty",
    "BOX003": "the drug's label carries a boxed warning but boxed_warning is empty",
}

LABELS_PATH = Path("labels") / "boxed-warnings.yaml"
STOPWORDS = frozenset({
    "and", "the", "with", "from", "for", "use", "used", "using", "risk", "risks", "due",
    "not", "are", "can", "may", "its", "into", "other", "all", "any", "this", "that",
    "these", "those", "when", "who", "than", "more", "most", "such", "also", "about",
    "of", "in", "or", "to", "on", "by",
})
_WORD_RE = re.compile(r"[a-z0-9]+")
_MENTION_RE = re.compile(r"\b(?:boxed[\s\-]+warnings?|black[\s\-]+box(?:ed)?)\b",
                         re.IGNORECASE)


_NEGATION_RE = re.compile(r"\b(?:no|not|without|never)\b(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


def _negated(text, mention):
    """'The label has no boxed warning' states a fact worth keeping, not a missing box."""
    return bool(_NEGATION_RE.search(text[max(0, mention.start() - 40):mention.start()]))


def stem(word):
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def significant_words(text):
    """Stems of the words that carry a boxed item's meaning."""
    return [stem(w) for w in _WORD_RE.findall(text.lower())
            if len(w) >= 3 and w not in STOPWORDS]


def missing_words(item, text):
    """Significant words of `item` not found in `text` (empty when covered)."""
    present = _stems_in(text)
    return [w for w in dict.fromkeys(significant_words(item)) if w not in present]


@lru_cache(maxsize=4)
def _stems_in(text):
    """The stems of `text`'s words: one section is read for each boxed item."""
    return frozenset(stem(w) for w in set(_WORD_RE.findall(text.lower())))


def load_boxed_labels(path):
    """{drug name: facts} of the drugs whose label carries a boxed warning."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return _boxed_labels(text)


@cache
def _boxed_labels(text):
    data = yaml.safe_load(text)
    return {str(name).casefold(): facts for name, facts in (data or {}).items()}


def known_boxed_warning(generic_name, labels):
    """The reference entry for a drug whose label has a boxed warning, or None."""
    name = str(generic_name or "").casefold()
    for key, facts in labels.items():
        if name == key or name.startswith(key + " "):
            return key, facts
    return None


def check(doc, context):
    path = doc.display_path
    items = boxed_titles(doc.meta.get("boxed_warning"))
    if items:
        warnings = doc.section("Warnings")
        if warnings is None:
            return  # STRUCT001 already asks for the section
        text = prose_of_section(doc, warnings)
        for index, item in enumerate(items):
            missing = missing_words(item, text)
            if missing:
                yield Finding(
                    path, doc.line_of("boxed_warning", index), 1, "BOX001",
                    f"boxed warning '{item}' is not covered in ## Warnings (no "
                    f"{', '.join(repr(w) for w in missing)}); explain each boxed item there "
                    "in the label's words",
                )
        return
    text = prose(doc)
    mention = next((m for m in _MENTION_RE.finditer(text) if not _negated(text, m)), None)
    if mention:
        line, col = doc.position(mention.start())
        yield Finding(path, line, col, "BOX002",
                      f"the text speaks of a '{mention.group()}' but boxed_warning is empty; "
                      "list the label's boxed items in boxed_warning so the page shows the "
                      "box")
    known = known_boxed_warning(doc.meta.get("generic_name"), context.boxed_labels)
    if known:
        key, facts = known
        boxed = facts.get("boxed", "") if isinstance(facts, dict) else str(facts)
        yield Finding(path, doc.line_of("boxed_warning"), 1, "BOX003",
                      f"the {key} label carries a boxed warning ({boxed}; see {LABELS_PATH}) "
                      "but boxed_warning is empty; list its items")


def prose_of_section(doc, section):
    """The section's words as readers see them (citations and markup removed)."""
    text = prose(doc)
    lines = text.split("\n")
    first = section.line - doc.body_line + 1
    last = section.end_line - doc.body_line + 1
    return "\n".join(lines[first:last])
