"""Step 1: read a content file into a Document that remembers where everything came from.

Every later step reports problems by line, so parsing keeps a line for each front-matter
key and each body section. Reading is defensive because content arrives by pull request:
only UTF-8 text under the content root, below a size cap, with YAML that can build plain
data and nothing else.
"""

import bisect
import hashlib
import os
import re
import stat
import time
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
    "FILE005": "not a regular file (folder, FIFO, socket, device) or not readable",
    "FILE006": "control character (NUL and the like) in the text",
    "FILE007": "Markdown too deeply nested or too long a run of markup to render safely",
    "YAML005": "YAML anchor or alias (&name, *name)",
    "YAML006": "front-matter key that is not text (a number, true/false, null)",
}

# Bounds on what the Markdown renderer is given. Python-Markdown's link and image
# patterns take time quadratic in the '[' of one paragraph (800 take 0.26 s, 20,000 over
# a minute), so a paragraph may hold MAX_BRACKETS_PER_BLOCK of them (0.02 s) and a file
# MAX_BRACKETS: every file renders in well under a second. The shipped monographs use at
# most 10 per paragraph and 53 per file. Runs and quote depths are bounded likewise:
# nothing in a monograph needs more, and each bound is checked before Markdown runs.
MAX_BRACKETS_PER_BLOCK = 200
MAX_BRACKETS = 2000
MAX_MARKUP_RUN = 100
MAX_QUOTE_DEPTH = 20
MAX_FRONT_MATTER_DEPTH = 32
MAX_FINDINGS_PER_KIND = 20  # one bad file should not print thousands of lines

# C0 controls except tab and line ends, DEL and C1 controls: invisible in an editor,
# and PostgreSQL refuses NUL in text, so SQLite and PostgreSQL loads would disagree.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MARKUP_RUN_RE = re.compile(rf"([*_`~<>\[\]()!#\\])\1{{{MAX_MARKUP_RUN},}}")
# The container markers that open a line: quotes, list bullets and numbers.
LINE_PREFIX_RE = re.compile(r"^[ \t>*+\-\d.)]*", re.MULTILINE)
BLOCK_BREAK_RE = re.compile(r"\n[ \t]*\n")

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
    # The file's stat_signature when it was read, or "" (see stat_signature).
    source_stat: str = ""

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
        return [0] + [match.end() for match in _NEWLINE_RE.finditer(self.body)]

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


_NEWLINE_RE = re.compile("\n")


class _PlainDataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when PyYAML has it: several times faster on thousands of
    files) that leaves dates as text, so the schema (not YAML) decides what a valid
    date is and a typo like 2024-13-01 becomes a finding, not a crash."""


_PlainDataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _fixed_resolver(loader_class):
    """PyYAML's resolve, descend_resolver and ascend_resolver for a loader with only
    implicit resolvers (no path resolvers), which is what the safe loaders have. libyaml
    composes in C but calls these three back in Python for every node, and the generic
    versions (a list built per scalar, checks for path resolvers that never exist) were
    a sixth of reading a file. The tags are the same (tests/test_yaml_construct.py)."""
    if loader_class.yaml_path_resolvers:
        return
    wildcard = tuple(loader_class.yaml_implicit_resolvers.get(None, ()))
    by_first = {first: tuple(resolvers) + wildcard
                for first, resolvers in loader_class.yaml_implicit_resolvers.items()
                if first is not None}
    scalar, sequence, mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    scalar_tag = loader_class.DEFAULT_SCALAR_TAG
    sequence_tag = loader_class.DEFAULT_SEQUENCE_TAG
    mapping_tag = loader_class.DEFAULT_MAPPING_TAG

    def resolve(self, kind, value, implicit):
        if kind is scalar:
            if implicit[0]:
                for tag, regexp in by_first.get(value[:1], wildcard):
                    if regexp.match(value):
                        return tag
            return scalar_tag
        if kind is sequence:
            return sequence_tag
        if kind is mapping:
            return mapping_tag
        return None

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    loader_class.resolve = resolve
    loader_class.descend_resolver = descend_resolver
    loader_class.ascend_resolver = ascend_resolver


_fixed_resolver(_PlainDataLoader)


def load_plain_yaml(yaml_text, shown=""):
    """Plain data from YAML text, with the loader front matter is read with (libyaml's
    where available; dates left as text), anchors refused the same way (ContentError).
    For the facts files beside the content."""
    _refuse_anchors(yaml_text, shown, 0)
    return _compose_and_construct(yaml_text)[1]


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))


def _construct(loader, node):
    """What `loader.construct_document(node)` gives, built here for the nodes plain data
    is mostly made of (text, lists, mappings with text keys): PyYAML's constructor
    costs several times as much per node, and a facts file has hundreds. Any other
    node (a number, true, null, a merge key, another tag) is the loader's to build."""
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item) for item in node.value]
    if (tag == _MAP and isinstance(node, yaml.MappingNode)
            and all(key.tag == _STR and isinstance(key, yaml.ScalarNode)
                    for key, _ in node.value)):
        return {key.value: _construct(loader, value) for key, value in node.value}
    return loader.construct_object(node, deep=True)


def load_mapping(yaml_text, shown):
    """(data, {key path: line}) of a YAML mapping beside the monographs (the groups
    file), read and refused exactly as front matter is (ContentError)."""
    return _load_front_matter(yaml_text, shown, 0)


def _compose_and_construct(yaml_text):
    """One pass over the text: the node tree (for line numbers) and the data built
    from that same tree."""
    loader = _PlainDataLoader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (_construct(loader, node) if node is not None else None)
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
    folders. Anything that resolves outside the content root is reported, not read,
    and so is anything named *.md that is not a regular file: reading a FIFO would
    wait forever."""
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
        try:
            mode = resolved.stat().st_mode
        except OSError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            walked = []
            _walk(resolved, root, walked, findings)
            found.extend(sorted(walked))
        elif mode is not None and stat.S_ISREG(mode):
            found.append(resolved)
        elif mode is not None:
            findings.append(_not_regular(str(target), mode))
        else:
            findings.append(Finding(str(target), 1, 1, "FILE004",
                                    "does not exist; check the path (monographs live in "
                                    "content/monographs/)"))
    return found, findings


def _walk(folder, root, found, findings):
    """The *.md files under `folder`, by directory entries alone (no stat or realpath
    per file: that was half of reloading 10,000 unchanged files). Symlinks are reported,
    files and folders alike, since either can lead outside the root."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        findings.append(Finding(display_path(folder, root), 1, 1, "FILE005",
                                f"is a folder that cannot be read ({exc.strerror}); make it "
                                "readable or remove it"))
        return
    for entry in entries:
        path = folder / entry.name  # a third cheaper than Path(entry.path), ten thousand times
        is_md = entry.name.lower().endswith(".md")
        try:
            if entry.is_symlink():
                if is_md or entry.is_dir():
                    findings.append(  # the link, not where it leads
                        Finding(str(path.relative_to(root.parent)), 1, 1, "FILE003",
                                "is a symlink or leaves the content root; commit the real "
                                "file or folder inside content/monographs/")
                    )
                continue
            if entry.is_dir(follow_symlinks=False):
                if is_md:
                    findings.append(_not_regular(display_path(path, root), stat.S_IFDIR))
                _walk(path, root, found, findings)
            elif is_md and entry.name.lower() != "readme.md":
                if entry.is_file(follow_symlinks=False):
                    found.append(path)
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    findings.append(_not_regular(display_path(path, root), mode))
        except OSError as exc:
            findings.append(Finding(display_path(path, root), 1, 1, "FILE005",
                                    f"cannot be read ({exc.strerror}); make it readable"))


def _kind(mode):
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(shown, mode):
    return Finding(shown, 1, 1, "FILE005",
                   f"is {_kind(mode)}, not a file; a monograph is a plain text file: "
                   "rename it so it does not end in .md, or replace it with the file")


def _is_within(path, root):
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def read_bounded(path, max_bytes, shown=None):
    """The bytes of a regular file of at most `max_bytes`, or ContentError naming it.
    Never blocks: the file is opened non-blocking and checked to be a regular file
    before anything is read (a FIFO would otherwise wait for a writer forever), and no
    more than `max_bytes` + 1 bytes are read whatever the file claims its size is."""
    return _read_bounded(path, max_bytes, shown)[0]


def _read_bounded(path, max_bytes, shown=None):
    """(read_bounded's bytes, the file's stat_signature from before they were read)."""
    shown = shown or str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ContentError([_unreadable(shown, path, exc)]) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([_not_regular(shown, info.st_mode)])
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ContentError([_unreadable(shown, path, exc)]) from None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise ContentError([
            Finding(shown, 1, 1, "FILE001",
                    f"is {max(info.st_size, len(raw))} bytes, over the {max_bytes}-byte "
                    "limit; split or shorten it")
        ])
    return raw, stat_signature(info)


# How long a file must have been left alone for its stat to vouch for its content:
# more than the coarsest timestamp a filesystem keeps (FAT's 2 s), so a write in the
# same tick as the read cannot leave the signature unchanged.
_SETTLED_NS = 3_000_000_000


def stat_signature(info):
    """Size, modification and change times and inode of a file's os.stat result, as
    one string: git's and rsync's "quick check" that a file is what it was when this
    was taken. The change time cannot be set back by any tool (an rsync -t or tar
    extraction sets the modification time only), so new content under an old
    modification time still gives a new signature. "" for a file changed too recently
    to tell (git's "racily clean" rule): its content is compared instead."""
    if max(info.st_mtime_ns, info.st_ctime_ns) > time.time_ns() - _SETTLED_NS:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _unreadable(shown, path, exc):
    try:
        mode = os.stat(path, follow_symlinks=False).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        return _not_regular(shown, mode)  # a socket cannot even be opened
    return Finding(shown, 1, 1, "FILE005",
                   f"cannot be read ({exc.strerror or exc}); give the file read permission "
                   "(chmod a+r) or remove it")


def parse_file(path, root, max_bytes):
    """Read and parse one file; raise ContentError naming the file and line on failure."""
    shown = display_path(path, root)
    raw, signature = _read_bounded(path, max_bytes, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([
            Finding(shown, line, 1, "FILE002",
                    f"is not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
        ]) from None
    return parse_text(text, Path(path), shown, source_stat=signature)


def normalize(text):
    """The text a Document is made of: no byte-order mark, Unix line ends."""
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def text_hash(normalized_text):
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


def file_hash(path, max_bytes):
    """The content_hash parsing `path` would give, without parsing it; None when the
    file could not be parsed anyway (too big, not UTF-8, not a readable regular file),
    so it goes the long way and parse_file reports why."""
    try:
        raw = read_bounded(path, max_bytes)
        return text_hash(normalize(raw.decode("utf-8")))
    except (ContentError, UnicodeDecodeError):
        return None


def parse_text(text, path, shown=None, source_stat=""):
    shown = shown or str(path)
    text = normalize(text)
    _refuse_control_characters(text, shown)
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
    _refuse_unrenderable_markdown(body, body_line, shown)
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
        source_stat=source_stat,
    )


def _load_front_matter(yaml_text, shown, line_offset):
    try:
        _refuse_anchors(yaml_text, shown, line_offset)
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
    except RecursionError:  # building values nested near libyaml's limit of 1,000 levels
        raise ContentError([
            Finding(shown, 1 + line_offset, 1, "YAML002",
                    f"front matter is not valid YAML: nested more than "
                    f"{MAX_FRONT_MATTER_DEPTH} levels deep; monographs need a few")
        ]) from None
    if not isinstance(data, dict):
        raise ContentError([
            Finding(shown, 1 + line_offset, 1, "YAML003",
                    "front matter must be a mapping of keys to values")
        ])
    meta_lines = {}
    problems = _map_lines(node, meta_lines, shown, line_offset)
    if problems:
        raise ContentError(problems)
    return data, meta_lines


def _refuse_anchors(yaml_text, shown, offset):
    """Anchors and aliases, found in the parser's events before anything is composed
    or built: nine levels of nine aliases (the "billion laughs") expand to 9**9 values.
    Monographs have no use for them, so each anchor is a finding at its line. Only text
    with a '&' or '*' is scanned, so ordinary files are parsed once."""
    if "&" not in yaml_text and "*" not in yaml_text:
        return
    loader = _PlainDataLoader(yaml_text)
    anchors, aliases = {}, []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                aliases.append(event)
            elif getattr(event, "anchor", None) is not None:
                anchors.setdefault(event.anchor, event)
    finally:
        loader.dispose()
    uses = {}
    for alias in aliases:
        uses[alias.anchor] = uses.get(alias.anchor, 0) + 1
    findings = [
        Finding(shown, event.start_mark.line + 1 + offset, event.start_mark.column + 1,
                "YAML005",
                f"YAML anchor '&{name}'"
                + (f", repeated {uses[name]} time(s) by '*{name}'" if name in uses else "")
                + "; write each value out in full where it is needed, without '&' and '*'")
        for name, event in anchors.items()
    ] + [
        Finding(shown, event.start_mark.line + 1 + offset, event.start_mark.column + 1,
                "YAML005", f"YAML alias '*{event.anchor}' to no anchor; write the value "
                "out in full (quote text that starts with '*')")
        for event in aliases if event.anchor not in anchors
    ]
    if findings:
        raise ContentError(findings[:MAX_FINDINGS_PER_KIND])


_STR_TAG = "tag:yaml.org,2002:str"
_KEY_KINDS = {"int": "a number", "float": "a number", "bool": "true/false",
              "null": "null (empty)", "merge": "a merge key"}


def _map_lines(root, out, shown, offset):
    """Fill `out` with the line of every key path, and return the findings of the
    tree: repeated keys, keys that are not text, control characters in values, nesting
    too deep. Iterative and visiting each node once, so no shape of front matter can
    make it recurse too deep or walk a node twice."""
    findings, visited = [], set()
    stack = [(root, ())]
    while stack:
        node, path = stack.pop()
        line = node.start_mark.line + 1 + offset
        col = node.start_mark.column + 1
        if id(node) in visited:  # only an alias shares a node; refused above, bounded here
            return [Finding(shown, line, col, "YAML005",
                            "front matter repeats a value by alias; write it out in full")]
        visited.add(id(node))
        if len(path) > MAX_FRONT_MATTER_DEPTH:
            return [Finding(shown, line, col, "YAML002",
                            f"front matter is not valid YAML: nested more than "
                            f"{MAX_FRONT_MATTER_DEPTH} levels deep; monographs need a few")]
        if isinstance(node, yaml.ScalarNode):
            found = CONTROL_RE.search(node.value)
            if found:
                findings.append(_control_finding(shown, line, col, found.group()))
        elif isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1 + offset
                key_col = key_node.start_mark.column + 1
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                    kind = _KEY_KINDS.get(key_node.tag.rsplit(":", 1)[-1], "not text")
                    shown_key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                    findings.append(Finding(
                        shown, key_line, key_col, "YAML006",
                        f"key '{shown_key}' is {kind}, not a name; front-matter keys are "
                        "names like 'slug:' (quote it, '\"1\":', if it must be kept)"))
                    continue
                key = key_node.value
                if key in seen:
                    findings.append(Finding(shown, key_line, key_col, "YAML004",
                                            f"key '{key}' appears twice; keep one"))
                seen.add(key)
                out[path + (key,)] = key_line
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                out[path + (index,)] = item.start_mark.line + 1 + offset
                stack.append((item, path + (index,)))
    return sorted(findings)[:MAX_FINDINGS_PER_KIND * 3]


def _control_finding(shown, line, col, char):
    return Finding(shown, line, col, "FILE006",
                   f"contains the control character U+{ord(char):04X}, invisible in most "
                   "editors (PostgreSQL refuses NUL); delete it, or write the character "
                   "it stands for")


def _refuse_control_characters(text, shown):
    """Control characters written into the file itself (escapes in YAML strings are
    found with the front matter's values). Tab and line ends are fine."""
    if not CONTROL_RE.search(text):
        return
    findings = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL_RE.search(line)
        if found:
            findings.append(_control_finding(shown, number, found.start() + 1, found.group()))
            if len(findings) == MAX_FINDINGS_PER_KIND:
                break
    raise ContentError(findings)


def _refuse_unrenderable_markdown(body, first_line, shown):
    """Refuse, before Markdown sees it, a body whose rendering would take minutes: see
    MAX_BRACKETS and its neighbours. Cheap on ordinary files: each test is one regex or
    count over the body unless the body has many of the characters in question."""
    findings = []

    def at(offset, message):
        line = first_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        findings.append(Finding(shown, line, col, "FILE007", message))

    for run in MARKUP_RUN_RE.finditer(body):
        at(run.start(), f"has a run of {len(run.group())} '{run.group(1)}' (more than "
           f"{MAX_MARKUP_RUN}); no Markdown needs one, shorten it or escape the "
           "characters in a code span")
        if len(findings) >= MAX_FINDINGS_PER_KIND:
            break
    brackets = body.count("[")
    if brackets > MAX_BRACKETS_PER_BLOCK:
        start = 0
        for block_break in [*BLOCK_BREAK_RE.finditer(body), None]:
            stop = block_break.start() if block_break else len(body)
            if (body.count("[", start, stop) > MAX_BRACKETS_PER_BLOCK
                    and len(findings) < MAX_FINDINGS_PER_KIND * 2):
                at(start, f"has a paragraph with more than {MAX_BRACKETS_PER_BLOCK} '[' "
                   "(links, images, citations); split it into paragraphs or a list")
            start = block_break.end() if block_break else stop
    if brackets > MAX_BRACKETS:
        offset = -1
        for _ in range(MAX_BRACKETS + 1):
            offset = body.index("[", offset + 1)
        at(offset, f"has more than {MAX_BRACKETS} '[' (links, images, citations) in one "
           "file; split the monograph or cite less often")
    if body.count(">") > MAX_QUOTE_DEPTH:
        for prefix in LINE_PREFIX_RE.finditer(body):
            if prefix.group().count(">") > MAX_QUOTE_DEPTH:
                at(prefix.start(), f"nests quotes more than {MAX_QUOTE_DEPTH} levels deep "
                   "('> > > ...'); use one level")
                if len(findings) >= MAX_FINDINGS_PER_KIND * 2:
                    break
    if findings:
        raise ContentError(findings[:MAX_FINDINGS_PER_KIND * 3])


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
