"""The real content/ folder: every file loads and every page carries what readers rely on."""

from pathlib import Path

import pytest

from refsite.monographs.models import Monograph
from refsite.monographs.pipeline import run
from refsite.monographs.preview import write_previews

CONTENT = Path(__file__).resolve().parent.parent / "content"
SHIPPED = sorted(p.stem for p in (CONTENT / "monographs").glob("*.md"))


def test_content_folder_is_not_empty():
    assert "clonazepam" in SHIPPED


def test_shipped_content_has_zero_errors_and_zero_warnings():
    result = run.check(root=CONTENT)
    assert [f.format() for f in result.findings] == []
    assert result.files == len(SHIPPED)


def test_every_shipped_file_previews_as_a_page(tmp_path):
    result = run.check(root=CONTENT)
    pages = write_previews(result, tmp_path)
    assert sorted(p.filename for p in pages) == [f"{slug}.html" for slug in SHIPPED]


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        run.load(root=CONTENT)
        yield
        Monograph.objects.all().delete()


@pytest.mark.django_db
def test_every_shipped_file_loads_through_the_full_pipeline(shipped):
    stored = Monograph.objects.filter(is_active=True)
    assert sorted(stored.values_list("slug", flat=True)) == SHIPPED
    for monograph in stored:
        assert monograph.sections.exists() and monograph.dose_rules.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_every_published_page_has_notice_source_and_review(client, shipped, slug):
    monograph = Monograph.objects.get(slug=slug)
    if not monograph.is_published:
        pytest.skip(f"{slug} is a draft")
    html = client.get(f"/drugs/{slug}/").content.decode()
    assert "Consult your prescriber" in html
    source = monograph.sources.first()
    assert source is not None and source.revised
    assert f'id="source-{source.key}"' in html
    assert monograph.reviewed_by in html
    assert monograph.reviewed_on.isoformat() in html
    assert monograph.review_due.isoformat() in html
