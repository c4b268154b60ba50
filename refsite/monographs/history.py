"""A line diff of two revisions' Markdown source, for the audit trail.

The diff is data (kinds, line numbers, text), not markup: the template escapes every
line like any other text, so content is never rendered as HTML here.
"""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed" or "added"
    old_number: int | None
    new_number: int | None
    text: str


@dataclass(frozen=True)
class Hunk:
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    lines: tuple


@dataclass(frozen=True)
class SourceDiff:
    hunks: tuple

    @property
    def added(self):
        return sum(line.kind == "added" for hunk in self.hunks for line in hunk.lines)

    @property
    def removed(self):
        return sum(line.kind == "removed" for hunk in self.hunks for line in hunk.lines)


def source_diff(old_text, new_text, context=3):
    """Hunks of changed lines with `context` unchanged lines around each."""
    old, new = old_text.splitlines(), new_text.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        lines = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", i + 1, j1 + k + 1, old[i])
                          for k, i in enumerate(range(i1, i2))]
                continue
            lines += [DiffLine("removed", i + 1, None, old[i]) for i in range(i1, i2)]
            lines += [DiffLine("added", None, j + 1, new[j]) for j in range(j1, j2)]
        first, last = group[0], group[-1]
        hunks.append(Hunk(first[1] + 1, last[2], first[3] + 1, last[4], tuple(lines)))
    return SourceDiff(tuple(hunks))
