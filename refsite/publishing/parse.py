"""Step 1: read a content file into a Document that remembers where everything came from.

Every later step reports problems by line, so parsing keeps a line for each front-matter
key and each body section. Reading is defensive because content arrives by pull request:
only UTF-8 text under the content root, below a size cap, with YAML that can build plain
data and nothing else.
"""

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from django.utils.text import slugify

from .findings import ContentError, Finding

CODES = {
    "FILE001": "file over the size limit",
    "FILE002": "file is not UTF-8",
    "FILE003": "file outside the content root (symlink or '..')",
    "FILE004": "named file does not exist",
    "YAML001": "no front matter, or front matter not closed",
    "YAML002": "front matter is not valid (safe) YAML",
    "YAML003": "front matter is not a mapping",
    "YAML004": "front-matter key repeated",
}

FRONT_MATTER_FENCE = "---"
H2_RE = re.compile(r"^##\s+(?P<title>[^#].*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class SectionSource:
    """An H2 block of the body, with the file lines it spans (1-based, inclusive)."""

    title: str
    anchor: str
    markdown: str
    line: int
    end_line: int


@dataclass(frozen=True)
class Document:
    path: Path
    display_path: str
    text: str
    content_hash: str
    meta: dict
    meta_lines: dict = field(repr=False)
    body: str = ""
    body_line: int = 1
    preamble: str = ""
    sections: tuple = ()

    @property
    def slug(self):
        return self.meta.get("slug")

    def line_of(self, *path, default=None):
        """Line of a front-matter key path such as ("dosing", 0, "max_daily"), or the
        nearest enclosing key that has one."""
        path = tuple(path)
        while path:
            if path in self.meta_lines:
                return self.meta_lines[path]
            path = path[:-1]
        return default if default is not None else 1

    def body_lines(self):
        """(file line number, text) for every line of the body."""
        return [(self.body_line + i, text) for i, text in enumerate(self.body.split("\n"))]

    @cached_property
    def _body_line_starts(self):
        return [0] + [i + 1 for i, char in enumerate(self.body) if char == "\n"]

    def position(self, offset):
        """(line, column) in the file, both 1-based, of a character offset into `body`;
        rules that search the whole body (a dose may wrap onto the next line) report
        with this."""
        index = bisect.bisect_right(self._body_line_starts, offset) - 1
        return self.body_line + index, offset - self._body_line_starts[index] + 1

    def section(self, title):
        for section in self.sections:
            if section.title.lower() == title.lower():
                return section
        return None


class _PlainDataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when PyYAML has it: several times faster on thousands of
    files) that leaves dates as text, so the schema (not YAML) decides what a valid
    date is and a typo like 2024-13-01 becomes a finding, not a crash."""


_PlainDataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_plain_yaml(yaml_text):
    """Plain data from YAML text, with the loader front matter is read with (libyaml's
    where available; dates left as text). For the facts files beside the content."""
    loader = _PlainDataLoader(yaml_text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _compose_and_construct(yaml_text):
    """One pass over the text: the node tree (for line numbers) and the data built
    from that same tree."""
    loader = _PlainDataLoader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def display_path(path, root):
    """Paths in messages are relative to the project, the way editors see them."""
    path = Path(path)
    for base in (Path(root).resolve().parent, Path.cwd()):
        try:
            return str(path.resolve().relative_to(base))
        except ValueError:
            continue
    return str(path)


def discover(root, paths=None):
    """Monograph files to process: all of content/monographs, or the given files and
    folders. Anything that resolves outside the content root is reported, not read."""
    root = Path(root).resolve()
    findings = []
    found = []
    targets = [Path(p) for p in paths] if paths else [root / "monographs"]
    for target in targets:
        resolved = target.resolve()
        if not _is_within(resolved, root) or (target.is_symlink()):
            findings.append(
                Finding(str(target), 1, 1, "FILE003",
                        f"is outside the content root {root} (symlinks and '..' are not "
                        "followed); move the file into content/monographs/")
            )
            continue
        if resolved.is_dir():
            for candidate in sorted(resolved.rglob("*.md")):
                # rglob does not descend into symlinked folders, so under a resolved
                # root only a symlinked file can lead outside (no realpath per file:
                # that was half of reloading 10,000 unchanged files).
                if candidate.is_symlink() or not _is_within(candidate, root):
                    findings.append(
                        Finding(display_path(candidate, root), 1, 1, "FILE003",
                                "is a symlink or leaves the content root; commit the real "
                                "file inside content/monographs/")
                    )
                    continue
                if candidate.name.lower() != "readme.md":
                    found.append(candidate)
        elif resolved.is_file():
            found.append(resolved)
        else:
            findings.append(Finding(str(target), 1, 1, "FILE004",
                                    "does not exist; check the path (monographs live in "
                                    "content/monographs/)"))
    return found, findings


def _is_within(path, root):
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def parse_file(path, root, max_bytes):
    """Read and parse one file; raise ContentError naming the file and line on failure."""
    shown = display_path(path, root)
    raw = Path(path).read_bytes()
    if len(raw) > max_bytes:
        raise ContentError([
            Finding(shown, 1, 1, "FILE001",
                    f"is {len(raw)} bytes, over the {max_bytes}-byte limit; split or shorten it")
        ])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([
            Finding(shown, line, 1, "FILE002",
                    f"is not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
        ]) from None
    return parse_text(text, Path(path), shown)


def normalize(text):
    """The text a Document is made of: no byte-order mark, Unix line ends."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def text_hash(normalized_text):
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


def file_hash(path, max_bytes):
    """The content_hash parsing `path` would give, without parsing it; None when the
    file could not be parsed anyway (too big, not UTF-8), so it goes the long way."""
    raw = Path(path).read_bytes()
    if len(raw) > max_bytes:
        return None
    try:
        return text_hash(normalize(raw.decode("utf-8")))
    except UnicodeDecodeError:
        return None


def parse_text(text, path, shown=None):
    shown = shown or str(path)
    text = normalize(text)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentError([
            Finding(shown, 1, 1, "YAML001",
                    "must start with '---' and a YAML front-matter block")
        ])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise ContentError([
            Finding(shown, 1, 1, "YAML001", "front matter is not closed by a '---' line")
        ]) from None
    yaml_text = "\n".join(lines[1:end])
    meta, meta_lines = _load_front_matter(yaml_text, shown, line_offset=1)
    body_line = end + 2
    body = "\n".join(lines[end + 1:])
    preamble, sections = _split_sections(body, body_line)
    return Document(
        path=path,
        display_path=shown,
        text=text,
        content_hash=text_hash(text),
        meta=meta,
        meta_lines=meta_lines,
        body=body,
        body_line=body_line,
        preamble=preamble,
        sections=tuple(sections),
    )


def _load_front_matter(yaml_text, shown, line_offset):
    try:
        node, data = _compose_and_construct(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError([
            Finding(shown, line, col, "YAML002", f"front matter is not valid YAML: {problem}")
        ]) from None
    except yaml.YAMLError as exc:
        raise ContentError([
            Finding(shown, 1 + line_offset, 1, "YAML002", f"front matter is not valid YAML: {exc}")
        ]) from None
    if not isinstance(data, dict):
        raise ContentError([
            Finding(shown, 1 + line_offset, 1, "YAML003",
                    "front matter must be a mapping of keys to values")
        ])
    meta_lines = {}
    duplicates = []
    _map_lines(node, (), meta_lines, duplicates, line_offset)
    if duplicates:
        raise ContentError([
            Finding(shown, line, col, "YAML004", f"key '{key}' appears twice; keep one")
            for key, line, col in duplicates
        ])
    return data, meta_lines


def _map_lines(node, path, out, duplicates, offset):
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                duplicates.append((key, line, key_node.start_mark.column + 1))
            seen.add(key)
            out[path + (key,)] = line
            _map_lines(value_node, path + (key,), out, duplicates, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[path + (index,)] = item.start_mark.line + 1 + offset
            _map_lines(item, path + (index,), out, duplicates, offset)


def _split_sections(body, first_line):
    """Split the body at H2 headings (outside code fences)."""
    preamble = []
    sections = []
    current = None
    in_fence = False
    lines = body.split("\n")
    for index, text in enumerate(lines):
        number = first_line + index
        if FENCE_RE.match(text):
            in_fence = not in_fence
        match = None if in_fence else H2_RE.match(text)
        if match:
            if current:
                sections.append(current)
            title = match.group("title").strip()
            current = {"title": title, "line": number, "lines": []}
        elif current is None:
            preamble.append(text)
        else:
            current["lines"].append(text)
    if current:
        sections.append(current)
    result = []
    for section in sections:
        body_lines = section["lines"]
        while body_lines and not body_lines[-1].strip():
            body_lines = body_lines[:-1]
        result.append(
            SectionSource(
                title=section["title"],
                anchor=slugify(section["title"]),
                markdown="\n".join(body_lines),
                line=section["line"],
                end_line=section["line"] + len(body_lines),
            )
        )
    return "\n".join(preamble).strip(), result
