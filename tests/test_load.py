"""Loading: all or nothing, skips unchanged files, keeps history, unpublishes removals."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from refsite.monographs.models import Alias, ContentLoad, Monograph, Revision
from refsite.publishing.findings import ContentError

pytestmark = pytest.mark.django_db


def test_a_valid_file_is_stored_with_its_parts(content):
    content.write()
    result, _ = content.load()
    assert result.added == ["testazepam"]
    monograph = Monograph.objects.get(slug="testazepam")
    assert Monograph.objects.published().filter(slug=monograph.slug).exists()
    assert [s.anchor for s in monograph.sections.all()] == [
        "indications", "mechanism-of-action", "dosing", "warnings", "side-effects"]
    source = monograph.sources.get()
    assert (source.set_id, source.version, str(source.effective)) == (
        "00000000-1111-2222-3333-444444444444", 12, "2025-06-02")
    assert monograph.dose_rules.get().max_daily == {"value": 20, "unit": "mg/day"}
    assert set(Alias.objects.values_list("slug", flat=True)) == {"testazepam-brand"}


def test_each_load_that_changes_a_file_records_a_revision(content):
    content.write()
    content.load()
    content.write(summary="Testazepam is a made-up medicine. This summary was edited later.",
                  reviewed_on="2026-05-01", changes="Summary edited.")  # REVIEW004
    result, _ = content.load()
    assert result.changed == ["testazepam"]
    revisions = Revision.objects.filter(monograph__slug="testazepam").order_by("number")
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].content_hash != revisions[1].content_hash
    assert "edited later" in revisions[1].source_text


def test_unchanged_files_are_skipped(content):
    content.write()
    content.load()
    result, _ = content.load()
    assert result.unchanged == ["testazepam"] and not result.touched
    assert Revision.objects.count() == 1
    assert ContentLoad.objects.count() == 1


def test_removed_file_is_unpublished_but_keeps_its_history(content):
    content.write("alpha")
    content.write("beta")
    content.load()
    content.remove("beta")
    result, _ = content.load()
    assert result.removed == ["beta"]
    beta = Monograph.objects.get(slug="beta")
    assert not Monograph.objects.published().filter(slug=beta.slug).exists()
    assert beta.revisions.count() == 1


def test_a_failing_load_keeps_the_previous_content_exactly(content):
    content.write("alpha")
    content.load()
    before = list(Monograph.objects.values_list("slug", "content_hash"))
    content.write("alpha", summary="A new summary that is long enough to pass the schema.")
    content.write("broken", drug_class=None)
    with pytest.raises(ContentError) as exc:
        content.load()
    assert any(f.code == "FM001" for f in exc.value.findings)
    assert list(Monograph.objects.values_list("slug", "content_hash")) == before
    assert Revision.objects.count() == 1


def test_draft_is_stored_but_not_published_and_gets_no_revision(content):
    content.write(status="draft")
    content.load()
    monograph = Monograph.objects.get(slug="testazepam")
    assert not Monograph.objects.published().filter(slug=monograph.slug).exists()
    assert not Monograph.objects.published().exists()
    assert not monograph.revisions.exists()


def test_loading_named_paths_leaves_other_monographs_alone(content):
    content.write("alpha")
    beta = content.write("beta")
    content.load()
    content.remove("alpha")
    result, _ = content.load([beta])
    assert result.removed == []
    assert Monograph.objects.published().filter(slug="alpha").exists()


def test_strict_load_refuses_warnings(content, monkeypatch):
    from refsite.publishing.findings import WARNING, Finding
    from refsite.publishing.validate import RULES

    def warn(doc, context):
        yield Finding(doc.display_path, 1, 1, "TEST001", "a warning", WARNING)

    monkeypatch.setattr("refsite.publishing.validate.RULES", [*RULES, (warn, ())])
    content.write()
    with pytest.raises(ContentError):
        content.load(strict=True)
    result, _ = content.load()
    assert result.added == ["testazepam"]


def test_command_lists_every_error_with_file_and_line_and_fails(content, capsys):
    content.write("alpha", drug_class=None)
    content.write("beta", status="published")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_content")
    err = capsys.readouterr().err
    assert "content/monographs/alpha.md:" in err and "FM001" in err
    assert "content/monographs/beta.md:" in err and "FM003" in err


def test_command_prints_a_summary(content, capsys):
    content.write()
    call_command("load_content")
    assert "1 added, 0 changed, 0 unchanged, 0 removed" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_says_how_many_monographs_are_published_and_how_many_stay_draft(
        content, capsys):
    content.write("alpha")
    content.write("beta", status="draft")
    content.write("gamma", status="draft")
    call_command("load_content")
    assert "1 published, 2 kept as drafts" in capsys.readouterr().out
