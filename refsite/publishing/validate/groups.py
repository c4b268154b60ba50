"""The groups file, content/groups.yaml: the classes of medicines labels speak of as a
whole ("opioids", "serotonergic drugs"), and which monographs belong to each and why.

A membership is a label fact like any other: it names the label (a source id some
monograph declares) and section that puts the medicine in the group, so a reader of
the checker can trace "sertraline is a serotonergic drug" as they trace a dose.

    serotonergic-drugs:
      name: Serotonergic drugs
      description: Medicines that raise serotonin activity in the brain.
      also_called: [serotonergic medicines]      # optional: other words texts use
      members:
        - drug: sertraline                        # a monograph slug
          reason: Its label says it works by blocking serotonin reuptake.
          source: zoloft-label                    # a source id of a monograph
          label_section: "12.1"
"""

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jsonschema

from ..catalog import name_key
from ..findings import ContentError, Finding
from ..parse import load_mapping

CODES = {
    "GROUP001": "the groups file is not a mapping of groups, or a group or membership is "
                "malformed",
    "GROUP002": "a group membership without its source or label section",
    "GROUP003": "a group member that is no monograph, or listed twice",
    "GROUP004": "a membership's source is not a source any monograph declares",
    "GROUP005": "a group slug that is also a monograph's slug",
}

GROUPS_PATH = "groups.yaml"
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
MEMBER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["drug", "reason", "source", "label_section"],
    "properties": {"drug": SLUG, "reason": TEXT, "source": SLUG, "label_section": TEXT},
}
GROUP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "description", "members"],
    "properties": {
        "name": TEXT,
        "description": TEXT,
        "also_called": {"type": "array", "items": TEXT, "uniqueItems": True},
        "members": {"type": "array", "items": MEMBER},
    },
}
SCHEMA = {"type": "object", "propertyNames": SLUG, "additionalProperties": GROUP}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SOURCE_KEYS = ("source", "label_section")


@dataclass(frozen=True)
class Groups:
    """The groups file as read: its groups ({slug: group}) where it is usable, and the
    findings of reading it."""

    path: str = f"content/{GROUPS_PATH}"
    data: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    problems: tuple = ()
    usable: bool = True

    def line_of(self, *path):
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    @cached_property
    def slugs(self):
        return frozenset(self.data)

    @cached_property
    def by_name(self):
        """{name_key: group slug} of each group's name, words and slug words."""
        found = {}
        for slug, group in self.data.items():
            for name in [group.get("name"), slug.replace("-", " "),
                         *(group.get("also_called") or [])]:
                if isinstance(name, str):
                    found.setdefault(name_key(name), slug)
        return found

    def valid(self):
        """{slug: group} of the groups that passed the shape check (for the store)."""
        return {slug: group for slug, group in self.data.items()
                if not list(_VALIDATOR.iter_errors({slug: group}))}


def load_groups(root):
    """The Groups of `root`/groups.yaml (no groups when there is no such file)."""
    path = Path(root) / GROUPS_PATH
    shown = f"{Path(root).name}/{GROUPS_PATH}"
    if not path.is_file():
        return Groups(shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Groups(shown, problems=(Finding(shown, 1, 1, "GROUP001",
                                               f"cannot be read: {exc}"),), usable=False)
    if not text.strip():
        return Groups(shown)
    try:
        data, lines = load_mapping(text, shown)
    except ContentError as exc:
        return Groups(shown, problems=tuple(_about_groups(f) for f in exc.findings),
                      usable=False)
    return Groups(shown, data, lines)


def _about_groups(finding):
    """A finding of the shared YAML reader, worded for this file (it speaks of front
    matter); a file that is not a mapping is GROUP001."""
    if finding.code == "YAML003":
        return Finding(finding.path, finding.line, finding.col, "GROUP001",
                       "the groups file must be a mapping of group slugs to groups")
    return Finding(finding.path, finding.line, finding.col, finding.code,
                   finding.message.replace("front matter", "the groups file"), finding.severity)


def check(groups, catalog):
    """Findings of the groups file against the catalog of monographs."""
    yield from groups.problems
    if not groups.usable:
        return
    for error in _VALIDATOR.iter_errors(groups.data):
        yield _shape_finding(groups, error)
    for slug, group in groups.data.items():
        if slug in catalog.slugs:
            yield Finding(groups.path, groups.line_of(slug), 1, "GROUP005",
                          f"group '{slug}' has the slug of the monograph '{slug}': an "
                          "interaction naming it would be ambiguous; name the group otherwise")
        members = group.get("members") if isinstance(group, dict) else None
        seen = set()
        for index, member in enumerate(members if isinstance(members, list) else []):
            if isinstance(member, dict):
                yield from _member(groups, catalog, slug, index, member, seen)


def _member(groups, catalog, slug, index, member, seen):
    line = groups.line_of(slug, "members", index)
    drug = member.get("drug")
    if isinstance(drug, str):
        if drug in seen:
            yield Finding(groups.path, line, 1, "GROUP003",
                          f"'{drug}' is listed twice in group '{slug}'; keep one")
        elif drug not in catalog.slugs:
            yield Finding(groups.path, groups.line_of(slug, "members", index, "drug"), 1,
                          "GROUP003", f"group '{slug}': '{drug}' is no monograph in "
                          "monographs/; members are monograph slugs")
        seen.add(drug)
    source = member.get("source")
    if (isinstance(source, str) and catalog.sources_complete
            and source not in catalog.source_ids):
        yield Finding(groups.path, groups.line_of(slug, "members", index, "source"), 1,
                      "GROUP004", f"group '{slug}': source '{source}' is declared by no "
                      "monograph; name the id of the label (in a monograph's sources) that "
                      "puts the medicine in the group")


def _shape_finding(groups, error):
    path = tuple(error.absolute_path)
    where = ".".join(str(p) for p in path) or "the groups file"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        if len(path) == 3 and set(missing) & set(SOURCE_KEYS):
            return Finding(groups.path, groups.line_of(*path), 1, "GROUP002",
                           f"{where}: membership of '{error.instance.get('drug')}' without "
                           f"{' and '.join(missing)}: say which label (source id and "
                           "section) puts it in the group")
        return Finding(groups.path, groups.line_of(*path), 1, "GROUP001",
                       f"{where}: required key(s) {', '.join(missing)} missing")
    return Finding(groups.path, groups.line_of(*path), 1, "GROUP001",
                   f"{where}: {error.message}")
