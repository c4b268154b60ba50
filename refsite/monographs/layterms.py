"""The lay vocabulary: everyday words a reader types ("fits", "high blood pressure") and
the clinical terms the monographs use for the same thing (seizures, hypertension).

It lives in one reviewed, versioned file, `content/search/lay-terms.yaml`, a list of
entries:

    - words: [fits, fit, convulsions]
      terms: [seizures]

The format is read here once, for both of its readers: the content check (which
reports problems by line, codes LAY001-LAY003) and search (which expands a query with
the terms at query time). Pure: text in, entries and problems out, so neither reader
depends on the other.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

PATH = Path("search") / "lay-terms.yaml"  # under the content root
KEYS = ("words", "terms")
MAX_BYTES = 256 * 1024
STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class LayTerm:
    """One entry: everyday `words` (or phrases) and the clinical `terms` they mean,
    with the line of the entry and of each word and term, for findings."""

    words: tuple
    terms: tuple
    line: int
    word_lines: tuple = ()
    term_lines: tuple = ()


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


def parse(text):
    """(entries, problems) of the file's text. An entry with a problem is left out;
    the others stand, so one typo costs one entry, not the vocabulary."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [Problem(line, "LAY003", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [Problem(_line(root), "LAY003",
                            "the file must be a list of entries, each with words and terms")]
    entries, problems = [], []
    for node in root.value:
        entry, found = _entry(node)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    problems.extend(_duplicates(entries))
    return entries, problems


def _line(node):
    return node.start_mark.line + 1


def _entry(node):
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(_line(node), "LAY003", "an entry must be a mapping with "
                              "`words:` and `terms:` lists")]
    values, problems = {}, []
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in KEYS:
            problems.append(Problem(_line(key), "LAY003", f"unknown key {name!r}; an entry "
                                    "has `words:` and `terms:`"))
        elif name in values:
            problems.append(Problem(_line(key), "LAY003", f"`{name}:` given twice"))
        else:
            values[name] = _strings(name, value, problems)
    for name in KEYS:
        if name not in values and not problems:
            problems.append(Problem(_line(node), "LAY003", f"entry without `{name}:`"))
    if problems or not all(values.get(name) for name in KEYS):
        return None, problems
    words, terms = values["words"], values["terms"]
    return LayTerm(tuple(w for w, _ in words), tuple(t for t, _ in terms), _line(node),
                   tuple(n for _, n in words), tuple(n for _, n in terms)), problems


def _strings(name, node, problems):
    """[(text, line)] of a list of non-empty strings; a problem for anything else."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(Problem(_line(node), "LAY003", f"`{name}:` must be a non-empty list"))
        return []
    found = []
    for item in node.value:
        text = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
        if not text or item.tag != STR_TAG:  # a list, a number, `yes`, an empty string
            problems.append(Problem(_line(item), "LAY003",
                                    f"each of `{name}:` must be a word or phrase"))
            continue
        found.append((" ".join(text.split()), _line(item)))
    return found


def key(text):
    """How words are compared: case and spacing aside."""
    return " ".join(text.casefold().split())


def _duplicates(entries):
    """LAY002: an everyday word listed twice would mean two things."""
    seen, problems = {}, []
    for entry in entries:
        for word, line in zip(entry.words, entry.word_lines, strict=True):
            first = seen.setdefault(key(word), line)
            if first != line:
                problems.append(Problem(line, "LAY002", f"{word!r} is already listed at line "
                                        f"{first}; an everyday word may mean one thing only"))
    return problems


def read(root):
    """(entries, problems) of the file under the content `root`; no file is no entries."""
    path = Path(root) / PATH
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Problem(1, "LAY003", f"cannot be read: {exc.strerror}")]
    if len(data) > MAX_BYTES:
        return [], [Problem(1, "LAY003", f"over {MAX_BYTES // 1024} KB")]
    try:
        return parse(data.decode("utf-8"))
    except UnicodeDecodeError:
        return [], [Problem(1, "LAY003", "not UTF-8")]
