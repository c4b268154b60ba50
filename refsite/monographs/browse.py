"""Grouping for the browse pages: A-Z letters, drug classes and labeled conditions.

Pure functions over names, so the rules that decide "these two spellings are one
condition" are tested without a database. Keys are computed per request rather than
stored, because a stored key would go stale when these rules change: the loader skips
files whose content did not change.
"""

import re
import string
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.text import slugify

OTHER_LETTER = "#"
LETTERS = tuple(string.ascii_uppercase) + (OTHER_LETTER,)

# Words that end in "s" in the singular: removing the "s" would make a different word.
_SINGULAR_S = frozenset({
    "aids", "analysis", "arthritis", "diabetes", "herpes", "measles", "mellitus", "mumps",
    "psoriasis", "rabies", "rickets", "scabies", "shingles", "stress", "tetanus",
})
_WORD_RE = re.compile(r"[a-z0-9]+")
_POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")


def _ascii(text):
    """'Ménière' -> 'Meniere': accents do not make a different name."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def letter_of(name):
    """The A-Z heading a name is filed under; digits and other scripts go under '#'."""
    first = _ascii(name.strip()[:1]).upper()
    return first if first in tuple(string.ascii_uppercase) else OTHER_LETTER


def _singular(word):
    if word in _SINGULAR_S or len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def condition_key(name):
    """One key for every spelling of a labeled indication.

    Case, spacing, hyphens, punctuation, possessives ("Parkinson's") and plurals
    ("Seizure disorders") do not make a different condition; words do.
    """
    text = _POSSESSIVE_RE.sub(r"\1", _ascii(name).lower()).replace("&", " and ")
    return " ".join(_singular(word) for word in _WORD_RE.findall(text))


@lru_cache(maxsize=4096)
def condition_slug(name):
    return slugify(condition_key(name))


def class_slug(name):
    return slugify(name)


def _display(names):
    """The spelling most entries use; ties go to the alphabetically first."""
    counts = Counter(names)
    best = max(counts.values())
    return min(name for name, count in counts.items() if count == best)


@dataclass
class Group:
    """A class or condition with the monographs filed under it."""

    slug: str
    name: str
    monographs: list = field(default_factory=list)
    populations: dict = field(default_factory=dict)  # monograph pk -> [population]


def group_by(monographs, names_of, slug_of):
    """Groups (sorted by name) of `monographs`, each filed under the slug of every name
    `names_of(monograph)` gives; a monograph appears once per group."""
    spellings = defaultdict(list)
    members = defaultdict(dict)
    for monograph in monographs:
        for name in names_of(monograph):
            slug = slug_of(name)
            if not slug:
                continue
            spellings[slug].append(name)
            members[slug].setdefault(monograph.pk, monograph)
    groups = [Group(slug, _display(spellings[slug]), list(members[slug].values()))
              for slug in spellings]
    return sorted(groups, key=lambda g: (g.name.lower(), g.slug))


def conditions(monographs, rules):
    """Groups of `monographs` by labeled condition. `rules` is (monograph pk, indication,
    population) rows; each group also knows which populations each monograph's label
    gives doses for in that condition."""
    by_monograph = defaultdict(list)
    for monograph_id, indication, population in rules:
        by_monograph[monograph_id].append((condition_slug(indication), indication, population))
    groups = group_by(monographs, lambda m: [rule[1] for rule in by_monograph[m.pk]],
                      condition_slug)
    for group in groups:
        group.populations = {
            m.pk: [population for slug, _, population in by_monograph[m.pk] if slug == group.slug]
            for m in group.monographs
        }
    return groups


@dataclass(frozen=True)
class IndexEntry:
    """One line of the A-Z: a generic name, or a brand name that leads to its generic."""

    name: str
    monograph: object
    is_brand: bool = False


@dataclass(frozen=True)
class Letter:
    label: str
    anchor: str
    entries: list


def a_to_z(monographs, brands):
    """A Letter for every letter A-Z and '#', with no entries where nothing is filed.
    `brands` is (brand name, monograph) pairs."""
    entries = [IndexEntry(m.generic_name, m) for m in monographs]
    entries += [IndexEntry(name, m, is_brand=True) for name, m in brands]
    entries.sort(key=lambda e: (e.name.casefold(), e.is_brand, e.monograph.generic_name))
    by_letter = defaultdict(list)
    for entry in entries:
        by_letter[letter_of(entry.name)].append(entry)
    return [
        Letter(label, "letter-other" if label == OTHER_LETTER else f"letter-{label.lower()}",
               by_letter.get(label, []))
        for label in LETTERS
    ]
