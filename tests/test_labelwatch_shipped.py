"""The shipped content against the saved DailyMed answers built from its facts files
(tests/fixtures/dailymed/shipped/, see build_shipped.py): every label is current, the
offline check says so, and the versions file it writes keeps check_content at zero
findings. Plus the comparison rules for sources known only by a date."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from refsite.labelwatch.client import SavedAnswers
from refsite.labelwatch.compare import Identity, Version, compare
from refsite.labelwatch.history import entry_of
from refsite.publishing import run

from .factories import PROJECT_CONTENT

SHIPPED = Path(__file__).parent / "fixtures" / "dailymed" / "shipped"
D = datetime.date


def test_every_cited_set_id_has_a_saved_answer():
    cited = set()
    for path in (PROJECT_CONTENT / "monographs").glob("*.md"):
        cited.update(line.split(":", 1)[1].strip() for line in path.read_text().splitlines()
                     if line.strip().startswith("set_id:"))
    assert cited == {path.stem for path in SHIPPED.glob("*.json")}


def test_shipped_content_stays_clean_with_the_versions_file(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(PROJECT_CONTENT, root)
    answers = SavedAnswers(SHIPPED)
    checked = datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
    versions = {}
    for path in sorted(SHIPPED.glob("*.json")):
        found = answers.history(path.stem)
        versions[path.stem] = entry_of(found.title, found.versions, checked)
    (root / "labels" / "versions.json").write_text(json.dumps(versions))
    assert run.check(root=root).findings == []


@pytest.mark.django_db
def test_offline_check_of_the_shipped_content_finds_every_label_current(settings, tmp_path):
    settings.CONTENT_ROOT = PROJECT_CONTENT
    run.load(root=PROJECT_CONTENT)
    out = io.StringIO()
    call_command("check_labels", "--offline", str(SHIPPED),
                 "--versions-file", str(tmp_path / "versions.json"), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 29 and all(line.endswith("current") for line in lines[:-1])
    assert "28 current, 0 stale, 0 not checked" in lines[-1]


HISTORY = [Version(9, D(2026, 3, 2)), Version(8, D(2025, 7, 15)), Version(7, D(2024, 1, 8))]


@pytest.mark.parametrize(("identity", "reviewed", "stale_since"), [
    (Identity(version=9), 9, None),
    (Identity(version=7), 7, D(2025, 7, 15)),
    (Identity(version=10), 10, None),  # ahead of the service: not stale
    (Identity(read_on=D(2026, 3, 2)), 9, None),
    (Identity(read_on=D(2025, 8, 1)), 8, D(2026, 3, 2)),
    # effective dates come before publication: v8 published a week after it is v8
    (Identity(effective=D(2025, 7, 9)), 8, D(2026, 3, 2)),
    (Identity(effective=D(2026, 2, 27)), 9, None),
    (Identity.of(revised="2024-01"), 7, D(2025, 7, 15)),
    (Identity(effective=D(2026, 6, 1)), 9, None),  # nothing published since
])
def test_comparison(identity, reviewed, stale_since):
    result = compare(identity, HISTORY)
    assert (result.reviewed_version, result.stale_since) == (reviewed, stale_since)
    assert result.newest == HISTORY[0]


def test_nothing_to_compare():
    assert compare(Identity(), HISTORY) is None
    assert compare(Identity(version=3), []) is None
