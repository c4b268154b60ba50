"""The commands the docs tell people to run exist: every `make` target and every
`manage.py` subcommand named in README.md, CONTRIBUTING.md, content/README.md and
docs/deploy.md."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "CONTRIBUTING.md", "content/README.md", "docs/deploy.md"]
MAKE_RE = re.compile(r"\bmake ([a-z][a-z-]*)")
MANAGE_RE = re.compile(r"manage\.py ([a-z_]+)")


def named(pattern):
    found = set()
    for doc in DOCS:
        found |= {(doc, m.group(1)) for m in pattern.finditer((ROOT / doc).read_text())}
    return sorted(found)


def make_targets():
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*)\s*:", text, re.M))


@pytest.mark.parametrize("doc, target", named(MAKE_RE))
def test_every_make_target_the_docs_name_exists(doc, target):
    assert target in make_targets(), f"{doc} names `make {target}`"


@pytest.mark.parametrize("doc, command", named(MANAGE_RE))
def test_every_manage_command_the_docs_name_exists(doc, command):
    assert command in get_commands(), f"{doc} names `manage.py {command}`"
