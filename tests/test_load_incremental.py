"""A load parses only files that differ from what is published; the rest still count."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from refsite.monographs.models import Monograph
from refsite.publishing.findings import ContentError

from .factories import FRONT_MATTER, calls_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(content):
    for slug in ("alphazepam", "betazepam", "gammazepam"):
        content.write(slug)
    content.load()
    return content


def test_a_reload_parses_only_the_changed_file(three):
    three.write("betazepam", summary="Betazepam is a made-up medicine, summary edited.",
                reviewed_on="2026-05-01", changes="Summary edited.")  # re-reviewed: REVIEW004
    result, checked = three.load()
    assert [doc.slug for doc in checked.documents] == ["betazepam"]
    assert result.changed == ["betazepam"]
    assert sorted(result.unchanged) == ["alphazepam", "gammazepam"]
    assert checked.files == 3


def test_a_changed_file_cannot_take_the_name_of_an_unchanged_one(three):
    three.write("betazepam", brand_names=["Alphazepam-brand"], reviewed_on="2026-05-01",
                changes="Brand name changed.")
    with pytest.raises(ContentError) as raised:
        three.load()
    assert [(f.path, f.code) for f in raised.value.findings] == [
        ("content/monographs/betazepam.md", "FM006")]
    assert Monograph.objects.get(slug="betazepam").brand_names == ["Betazepam-brand"]


def test_removing_a_file_still_unpublishes_it_when_the_rest_is_skipped(three):
    three.remove("gammazepam")
    result, checked = three.load()
    assert result.removed == ["gammazepam"] and checked.documents == []
    assert not Monograph.objects.published().filter(slug="gammazepam").exists()


def test_a_file_restored_with_its_old_content_is_published_again(three):
    text = (three.root / "monographs" / "gammazepam.md").read_text()
    three.remove("gammazepam")
    three.load()
    three.write("gammazepam", text=text)
    result, _ = three.load()
    assert result.changed == ["gammazepam"]
    assert Monograph.objects.published().filter(slug="gammazepam").exists()


def test_check_all_also_checks_unchanged_files(three, monkeypatch):
    from refsite.publishing.findings import Finding
    from refsite.publishing.validate import RULES

    def new_rule(doc, context):  # a rule added after the files were loaded
        if doc.slug == "alphazepam":
            yield Finding(doc.display_path, 1, 1, "TEST001", "fails a newer rule")

    monkeypatch.setattr("refsite.publishing.validate.RULES", [*RULES, (new_rule, ())])
    three.load()
    with pytest.raises(ContentError) as raised:
        three.load(check_all=True)
    assert {f.code for f in raised.value.findings} == {"TEST001"}


def test_an_unchanged_file_whose_review_fell_due_is_checked_and_refused(three):
    later = datetime.date(2030, 1, 1)  # every review in the fixture is overdue by then
    with pytest.raises(ContentError) as raised:
        three.load(today=later)
    assert {(f.path.rsplit("/", 1)[1], f.code) for f in raised.value.findings} == {
        ("alphazepam.md", "REVIEW003"), ("betazepam.md", "REVIEW003"),
        ("gammazepam.md", "REVIEW003")}


def test_load_content_refuses_an_unchanged_but_overdue_file(content):
    content.write(reviewed_on="2019-01-10", review_due="2019-06-01",
                  sources=[{**FRONT_MATTER["sources"][0], "effective": "2018-06-02"}])
    content.load(today=datetime.date(2019, 2, 1))
    with pytest.raises(CommandError):
        call_command("load_content", verbosity=0)


def test_files_in_a_symlinked_folder_that_leaves_the_root_are_not_found(content, tmp_path):
    from refsite.publishing.parse import discover

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\nslug: secret\n---\n")
    (content.root / "monographs" / "linked").symlink_to(outside, target_is_directory=True)
    content.write()
    files, _ = discover(content.root)
    assert [f.name for f in files] == ["testazepam.md"]


# Knowing an unchanged file by its stat signature (size, times, inode), as git does


@pytest.fixture
def hashed(monkeypatch):
    """The files the reload reads to compare their content (their stat did not vouch
    for them), in order."""
    from refsite.publishing import run

    return calls_to(monkeypatch, run, "_hash_one", lambda path, max_bytes: path.stem)


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled as soon as they are written (the real rule waits three
    seconds after the last write, for filesystems that keep coarse times)."""
    monkeypatch.setattr("refsite.publishing.parse._SETTLED_NS", 0)


def test_a_settled_unchanged_file_is_not_read_again(settled, three, hashed):
    three.load()
    assert hashed == []


def test_a_file_written_just_now_is_compared_by_its_content(three, hashed):
    assert set(Monograph.objects.values_list("source_stat", flat=True)) == {""}
    result, _ = three.load()
    assert sorted(hashed) == sorted(result.unchanged) == ["alphazepam", "betazepam",
                                                          "gammazepam"]


def test_new_content_under_the_old_modification_time_is_noticed(settled, three, hashed):
    import os

    path = three.root / "monographs" / "betazepam.md"
    before, text = os.stat(path), path.read_text()
    path.write_text(text.replace("is common", "is Common", 1))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as rsync -t or tar do
    assert os.stat(path).st_size == before.st_size and text != path.read_text()
    with pytest.raises(ContentError) as raised:  # changed without a new review
        three.load()
    assert hashed == ["betazepam"]
    assert {f.code for f in raised.value.findings} == {"REVIEW004"}


def test_a_touched_file_is_read_once_then_known_by_its_new_signature(settled, three, hashed):
    (three.root / "monographs" / "gammazepam.md").touch()
    first, _ = three.load()
    second, _ = three.load()
    assert hashed == ["gammazepam"]
    assert "gammazepam" in first.unchanged and "gammazepam" in second.unchanged
