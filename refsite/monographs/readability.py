"""How hard the patient wording is to read: the Flesch-Kincaid grade of a text.

The patient summary and the plain boxed-warning wordings are written for anyone; the
target is grade 8 or below (READ001 warns above it, the editorial policy page shows the
figures). Drug names are long words a reader knows from the box, not hard words, so each
name is read as one short word before measuring: the grade judges the sentences.

textstat is pinned (0.7.8) because later releases fetch data at run time.
"""

import copy
import re
import string
from dataclasses import dataclass
from functools import cache, lru_cache

import textstat

from . import pronunciations
from .fields import boxed_items

pronunciations.install()

TARGET_GRADE = 8
NAME_STANDIN = "drug"  # one syllable, four letters: an easy word


def _names_pattern(names):
    names = sorted({n.strip() for n in names if isinstance(n, str) and n.strip()},
                   key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])",
                      re.IGNORECASE)


@lru_cache(maxsize=256)
def _pattern(names):
    return _names_pattern(names)


class DrugNames:
    """Names to read as one easy word, indexed so that a text is searched only for the
    few that may occur in it. One pattern of every name of a large catalog (twenty
    thousand at 10,000 monographs) tries each name at each position of the text: 27 ms
    for a 500-character summary. A name matches (case-insensitively, and not inside a
    word, as the pattern requires) only where the text, folded, has a run of ASCII
    letters and digits equal to the name's first run; names that start otherwise or are
    not ASCII are always tried. Names that cannot occur change nothing a pattern finds,
    so the result is the same."""

    def __init__(self, names=()):
        self._index = {}
        self._always = set()
        for name in _stripped(names):
            head = _RUN_RE.match(name.lower()) if name.isascii() else None
            if head:
                self._index.setdefault(head.group(), []).append(name)
            else:
                self._always.add(name)

    def including(self, names):
        """These names and a few more (`names`, tried on every text)."""
        more = copy.copy(self)
        more._always = self._always | _stripped(names)
        return more

    def within(self, text):
        """The names that may occur in `text` (every one that does, and maybe more)."""
        folded = text.lower() if text.isascii() else "".join(map(_folded, text))
        found = set(self._always)
        for run in set(_RUN_RE.findall(folded)):
            found.update(self._index.get(run, ()))
        return found


_RUN_RE = re.compile(r"[a-z0-9]+")


def _stripped(names):
    return {n.strip() for n in names if isinstance(n, str) and n.strip()}


@cache
def _folded(char):
    """What an ASCII name's character must be folded to for `char` to match it
    case-insensitively: the ASCII letter it matches under re.IGNORECASE (the Kelvin sign
    matches k, a dotted capital I matches i), or the character itself."""
    if char.isascii():
        return char.lower()
    return next((letter for letter in string.ascii_lowercase
                 if re.fullmatch(letter, char, re.IGNORECASE)), char)


def with_names_as_words(text, names=()):
    """`text` with every drug name in `names` (an iterable, or DrugNames) replaced by
    one easy word."""
    if not isinstance(names, DrugNames):
        names = DrugNames(names)
    pattern = _pattern(tuple(sorted(names.within(text))))
    return pattern.sub(NAME_STANDIN, text) if pattern else text


def grade(text, names=()):
    """The Flesch-Kincaid grade of `text`, names counted as one easy word, to one
    decimal; None for a text with no words."""
    text = with_names_as_words(text or "", names)
    if not re.search(r"[A-Za-z]", text):
        return None
    return round(float(textstat.flesch_kincaid_grade(text)), 1)


def monograph_names(meta):
    """The names of the medicine in front matter `meta` (generic, brand, synonyms)."""
    names = [meta.get("generic_name")]
    for key in ("brand_names", "synonyms"):
        value = meta.get(key)
        names += value if isinstance(value, list) else []
    return [name for name in names if isinstance(name, str)]


@dataclass(frozen=True)
class Grades:
    """The grades of one monograph's patient wording."""

    summary: float | None
    boxed: tuple = ()  # (title, plain wording, grade) per boxed item with a plain wording

    @property
    def highest(self):
        found = [g for g in (self.summary, *(b[2] for b in self.boxed)) if g is not None]
        return max(found) if found else None

    @property
    def within_target(self):
        return self.highest is None or self.highest <= TARGET_GRADE

    def as_dict(self):
        return {
            "summary": self.summary,
            "boxed_warning": [{"title": t, "plain": p, "grade": g} for t, p, g in self.boxed],
            "target": TARGET_GRADE,
        }


def grades(meta, names=()):
    """The Grades of front matter `meta`; `names` adds other drug names to read as words
    (every name in the catalog, so a summary naming another medicine is not penalised)."""
    names = (names if isinstance(names, DrugNames) else DrugNames(names)).including(
        monograph_names(meta))
    summary = meta.get("summary")
    boxed = tuple(
        (item["title"], item["plain"], grade(item["plain"], names))
        for item in boxed_items(meta.get("boxed_warning") if isinstance(
            meta.get("boxed_warning"), list) else [])
        if item["plain"])
    return Grades(grade(summary, names) if isinstance(summary, str) else None, boxed)
