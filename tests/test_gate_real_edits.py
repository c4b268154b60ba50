"""Edits to the shipped pages that a careless or rushed editor could make, each refused
by the gate at its line (issue: "edits the gate lets through today"). Each test edits a
copy of the real content; the unedited copy passes, which is the passing case."""

import shutil

import pytest

from refsite.publishing import run

from .factories import PROJECT_CONTENT


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(PROJECT_CONTENT, root)
    return root


def edit(root, slug, old, new):
    """Replace the one occurrence of `old` in a monograph; return the edited line."""
    path = root / "monographs" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def found(root, slug):
    result = run.check([root / "monographs" / f"{slug}.md"], root=root)
    return {(f.code, f.line) for f in result.findings}


@pytest.mark.parametrize("slug", ["clonazepam", "sertraline"])
def test_the_unedited_pages_pass(tree, slug):
    assert found(tree, slug) == set()


def test_the_panic_maximum_raised_in_the_prose_is_refused(tree):
    line = edit(tree, "clonazepam", "up to a maximum\nof 4 mg a day",
                "up to a maximum\nof 8 mg a day")
    reported = found(tree, "clonazepam")
    assert ("TRACE001", line + 1) in reported
    assert ("DOSE001", line + 1) in reported  # above the panic-disorder maximum itself


@pytest.mark.parametrize("slug, old, new", [
    ("clonazepam", "max_daily: {value: 20, unit: mg/day}", "max_daily: {value: 40, unit: mg/day}"),
    ("sertraline", "max_daily: {value: 200, unit: mg/day}\n  - indication: Obsessive-compulsive "
     "disorder\n    population: Adults\n",
     "max_daily: {value: 400, unit: mg/day}\n  - indication: Obsessive-compulsive "
     "disorder\n    population: Adults\n"),
])
def test_a_structured_maximum_raised_above_the_label_is_refused(tree, slug, old, new):
    line = edit(tree, slug, old, new)
    assert {("FACT002", line), ("TRACE001", line)} <= found(tree, slug)


def test_a_deleted_boxed_warning_item_is_refused(tree):
    line = edit(tree, "clonazepam", "  - title: Abuse, misuse, and addiction\n    plain: Some "
                "people misuse it or get addicted. This can lead to overdose or death, most often "
                "with alcohol or other drugs.\n", "")
    assert ("FACT004", line - 3) in found(tree, "clonazepam")  # at `boxed_warning:`
