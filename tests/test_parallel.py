"""--jobs: checking and loading on several processes reports and stores exactly what one
process does, on the shipped content and on generated files (some of them broken)."""

import gc
import re
import shutil
import weakref

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from benchmarks.load import edited, synthetic
from refsite.core import bulk
from refsite.monographs.models import Alias, DoseRule, Monograph, Revision, Section, Source
from refsite.publishing import parallel, run, store
from refsite.publishing.findings import ContentError
from refsite.publishing.validate.facts import load_facts
from refsite.search.models import SearchEntry, SearchName

from .conftest import forget_all_content
from .factories import PROJECT_CONTENT


@pytest.fixture
def pooled(monkeypatch):
    """Use the pool for any number of files (the shipped set is below the threshold)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)


@pytest.fixture
def shipped_and_generated(tmp_path):
    """The shipped content plus 6 generated monographs, and 3 with faults of their own
    and between files (a name clash, a broken dose, unreadable YAML)."""
    root = tmp_path / "content"
    shutil.copytree(PROJECT_CONTENT, root)
    for n in range(1, 7):
        slug, text, facts = synthetic(n)  # divalproex has a page here: `with` stays
        (root / "monographs" / f"{slug}.md").write_text(text, encoding="utf-8")
        (root / "reference" / f"{slug}.yaml").write_text(facts, encoding="utf-8")
    return root


@pytest.fixture
def generated(tmp_path):
    """Generated monographs alone, with the project's schema and label lists: enough for
    the tests that load twice, which the shipped files would only make slower."""
    root = tmp_path / "content"
    shutil.copytree(PROJECT_CONTENT, root)
    for path in [*(root / "monographs").glob("*.md"), *(root / "reference").glob("*.yaml"),
                 root / "groups.yaml", root / "search" / "lay-terms.yaml"]:
        path.unlink(missing_ok=True)
    for n in range(1, 7):
        slug, text, facts = synthetic(n)
        # Without the groups file, the interactions (the last front-matter key) would
        # name groups that do not exist.
        text = re.sub(r"\ninteractions:\n.*?\n---\n", "\n---\n", text, count=1, flags=re.S)
        (root / "monographs" / f"{slug}.md").write_text(text, encoding="utf-8")
        (root / "reference" / f"{slug}.yaml").write_text(facts, encoding="utf-8")
    return root


def _break(root):
    slug, text, facts = synthetic(31)
    (root / "monographs" / "clash.md").write_text(
        text.replace(f"slug: {slug}", "slug: clash"), encoding="utf-8")
    _, text, _ = synthetic(32)
    (root / "monographs" / "baddose.md").write_text(
        text.replace(" mg", " mgg", 3), encoding="utf-8")
    (root / "monographs" / "badyaml.md").write_text("---\ntitle: [unclosed\n---\n\n## A\n",
                                                    encoding="utf-8")


# Sentences that the wording, dose and notation rules judge, some of them faults.
_PHRASES = ("It is safe in pregnancy.", "Stop taking it when you feel better.",
            "You can lower your dose if you feel sleepy.", "This is a miracle cure.",
            "It is also used for insomnia.", "Take 10mg twice daily.", "Take .5 mg at night.",
            "Do not stop taking it on your own.", "Use 1 mg q.d. at first.",
            "If no side effects appear, your prescriber may raise the dose.")


def _vary(root):
    """Copies of shipped monographs under new slugs, with the phrases written into their
    paragraphs: files unlike the generated ones, with findings of many rules."""
    for number, path in enumerate(sorted((root / "monographs").glob("*.md"))[:3]):
        front, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        paragraphs = body.split("\n\n")
        for index in range(2, len(paragraphs), 3):
            if paragraphs[index][:1].isalpha():
                paragraphs[index] += " " + _PHRASES[(index + number) % len(_PHRASES)]
        front = re.sub(r"(?m)^slug: .*$", f"slug: varied{number}", front)
        (root / "monographs" / f"varied{number}.md").write_text(
            front + "\n---\n" + "\n\n".join(paragraphs), encoding="utf-8")


def _formatted(result):
    return [finding.format() for finding in result.findings]


def test_check_reports_the_same_findings_in_the_same_order(pooled, shipped_and_generated):
    _break(shipped_and_generated)
    _vary(shipped_and_generated)
    serial = run.check(root=shipped_and_generated, jobs=1)
    pooled_result = run.check(root=shipped_and_generated, jobs=2)
    assert serial.errors, "the broken files must be reported"
    assert _formatted(pooled_result) == _formatted(serial)
    assert [d.content_hash for d in pooled_result.documents] == [
        d.content_hash for d in serial.documents]


def _stored():
    """Everything a load writes, without ids and timestamps."""
    return {
        "monographs": sorted(Monograph.objects.values_list(
            "slug", "generic_name", "summary", "front_matter", "content_hash", "status",
            "is_active", "source_path")),
        "sections": list(Section.objects.order_by("monograph__slug", "position").values_list(
            "monograph__slug", "position", "title", "anchor", "html", "text",
            "source_hash")),
        "sources": list(Source.objects.order_by("monograph__slug", "number").values_list(
            "monograph__slug", "number", "key", "title", "url", "set_id", "version")),
        "dose_rules": list(DoseRule.objects.order_by("monograph__slug", "position")
                           .values_list("monograph__slug", "position", "indication",
                                        "initial", "maintenance", "max_daily")),
        "aliases": sorted(Alias.objects.values_list("monograph__slug", "name", "slug",
                                                    "kind")),
        "revisions": sorted(Revision.objects.values_list(
            "monograph__slug", "number", "content_hash", "changes", "source_text")),
        "search": list(SearchEntry.objects.order_by("monograph__slug", "position")
                       .values_list("monograph__slug", "position", "title", "body",
                                    "names")),
        "names": sorted(SearchName.objects.values_list("monograph__slug", "key", "kind")),
    }


@pytest.mark.django_db
def test_load_stores_the_same_rows_on_two_processes(pooled, shipped_and_generated):
    serial, checked = run.load(root=shipped_and_generated, jobs=1)
    stored = _stored()
    forget_all_content()
    pooled_result, pooled_checked = run.load(root=shipped_and_generated, jobs=2)
    assert gc.get_freeze_count() == 0
    assert len(serial.added) == len(pooled_result.added) >= 45
    assert _formatted(pooled_checked) == _formatted(checked)
    assert _stored() == stored


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_stores_the_rows_multi_row_inserts_store(shipped_and_generated, monkeypatch):
    run.load(root=shipped_and_generated, jobs=1)
    copied = _stored()
    forget_all_content()
    monkeypatch.setattr(bulk, "copies", lambda: False)
    run.load(root=shipped_and_generated, jobs=1)
    assert _stored() == copied


@pytest.mark.django_db
def test_a_refused_load_reports_the_same_findings_and_stores_nothing(pooled, generated):
    _break(generated)
    found = {}
    for jobs in (1, 2):
        with pytest.raises(ContentError) as refused:
            run.load(root=generated, jobs=jobs)
        found[jobs] = [f.format() for f in refused.value.findings]
    assert found[2] == found[1]
    assert not Monograph.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("jobs", "strict"), [(1, False), (2, False), (2, True)])
def test_a_file_late_in_the_load_rolls_back_what_was_stored_before_it(
        pooled, generated, monkeypatch, jobs, strict):
    """The store writes the first files while the rest are checked: a refusal by the
    last file undoes the batches already written, and the previous content stands."""
    run.load(root=generated, jobs=1)
    before = _stored()
    monkeypatch.setattr(store, "_BATCH", 2)
    files = sorted((generated / "monographs").glob("*.md"))
    for path in files[:-1]:  # every file changes, so every batch writes
        path.write_text(edited(path.read_text(encoding="utf-8")), encoding="utf-8")
    last = files[-1].read_text(encoding="utf-8")
    # strict: a warning (a made-up claim) refuses; otherwise an error (a bad unit)
    files[-1].write_text(last.replace("\n\n", "\n\nThis is a miracle cure.\n\n", 1)
                         if strict else last.replace(" mg", " mgg", 3), encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        run.load(root=generated, jobs=jobs, strict=strict)
    assert {f.path for f in refused.value.findings} == {
        f"content/monographs/{files[-1].name}"}
    assert _stored() == before
    assert gc.get_freeze_count() == 0, "a refused load leaves the heap to the collector"


def test_the_heap_thaws_when_the_outermost_frozen_block_ends():
    assert gc.get_freeze_count() == 0
    with parallel.frozen_heap():
        with parallel.frozen_heap():
            pass
        assert gc.get_freeze_count() > 0
        cycle = _Node()
        cycle.itself = cycle
        alive = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert alive() is None, "what is made inside is collected as usual"
    assert gc.get_freeze_count() == 0


class _Node:
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("few", [run._FEW, 0], ids=["rows of the files", "every row"])
def test_check_all_renders_only_what_changed(pooled, generated, monkeypatch, few):
    """A --check-all reload checks every file but renders none that is published as it
    is: the store would throw the work away. Whether the published rows are read for
    the checked files alone (a few) or all at once (many)."""
    monkeypatch.setattr(run, "_FEW", few)
    run.load(root=generated, jobs=2)
    rendered = []
    real = run.render_sections
    monkeypatch.setattr(run, "render_sections",
                        lambda doc, *args: rendered.append(doc.slug) or real(doc, *args))
    result, _ = run.load(root=generated, check_all=True, jobs=1)
    assert not result.touched and not rendered


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_whole_number(value):
    for command in ("check_content", "load_content"):
        with pytest.raises(CommandError, match=r"--jobs: a whole number of processes, 1 or"):
            call_command(command, "--jobs", value)


def test_facts_of_some_slugs_are_those_the_listing_holds(tmp_path):
    """A check of a few files reads their facts files by name: the same ones as listing
    the folder would give, odd names included."""
    folder = tmp_path / "reference"
    folder.mkdir()
    for name in ("a.yaml", ".hidden.yaml", ".yaml", "b.yaml.yaml", "c.yml"):
        (folder / name).write_text("dose_rules: []\n", encoding="utf-8")
    (folder / "dir.yaml").mkdir()
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    slugs = {"a", ".hidden", "", ".yaml", "b.yaml", "c", "dir", "dangling", "missing",
             "../reference/a", "nul\0", None, 3}
    listed = {stem: facts for stem, facts in load_facts(tmp_path).items() if stem in slugs}
    assert load_facts(tmp_path, slugs) == listed
    assert set(listed) == {"a", ".hidden", ".yaml", "b.yaml", "dir", "dangling"}
