"""The lay vocabulary (content/search/lay-terms.yaml): a broken entry, a word listed
twice, or a clinical term no published monograph uses, which would send a reader who
typed an everyday word to nothing.

The file is read once per check by `read` (from `context_for`), with the texts it is
held to; `check` then reports on it once per check, not once per monograph.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from refsite.monographs import layterms

from ..findings import Finding
from ..parse import display_path

CODES = {
    "LAY001": "lay vocabulary: a clinical term no published monograph uses",
    "LAY002": "lay vocabulary: an everyday word listed twice",
    "LAY003": "lay vocabulary: not a list of entries with words and terms",
}
_REVIEWED_RE = re.compile(r"^status:\s*reviewed\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Vocabulary:
    """The file as the check sees it: its entries and problems, and which of its terms
    some published monograph's text holds."""

    path: str = ""
    entries: tuple = ()
    problems: tuple = ()
    used: frozenset = field(default_factory=frozenset)


def _term_re(term):
    """A term as search matches it: whole words from its start, any spacing, the last
    word possibly longer ("seizure" is in "seizures")."""
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


def read(root):
    """The Vocabulary of the content under `root`; an empty one when it has no file."""
    root = Path(root)
    path = root / layterms.PATH
    if not path.exists():
        return Vocabulary()
    entries, problems = layterms.read(root)
    pending = {term: _term_re(term) for entry in entries for term in entry.terms}
    used = set()
    for monograph in sorted((root / "monographs").glob("*.md")):
        if not pending:
            break
        try:
            text = monograph.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # the monograph's own check reports it
        front, _, body = text.partition("\n---")
        if not _REVIEWED_RE.search(front):
            continue  # a draft's words are never shown, so they do not count
        # The sections are what search indexes and shows in snippets.
        for term in [t for t, pattern in pending.items() if pattern.search(body)]:
            used.add(term)
            del pending[term]
    return Vocabulary(display_path(path, root), tuple(entries), tuple(problems),
                      frozenset(used))


def check(vocabulary):
    findings = [Finding(vocabulary.path, p.line, 1, p.code, p.message)
                for p in vocabulary.problems]
    for entry in vocabulary.entries:
        for term, line in zip(entry.terms, entry.term_lines, strict=True):
            if term not in vocabulary.used:
                findings.append(Finding(
                    vocabulary.path, line, 1, "LAY001",
                    f"no published monograph uses {term!r}: map the words to a term the "
                    "pages use, or leave them out until a page does"))
    return findings
