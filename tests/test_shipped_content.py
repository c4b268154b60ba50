"""The real content/ folder: every file loads and every page carries what readers rely on."""

from pathlib import Path

import pytest

from refsite.monographs.models import Monograph
from refsite.monographs.pipeline import run

CONTENT = Path(__file__).resolve().parent.parent / "content"
SHIPPED = sorted(p.stem for p in (CONTENT / "monographs").glob("*.md"))


def test_content_folder_is_not_empty():
    assert "clonazepam" in SHIPPED


def test_shipped_content_checks_clean():
    result = run.check(root=CONTENT)
    assert [f.format() for f in result.findings] == []


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        run.load(root=CONTENT)
        yield
        Monograph.objects.all().delete()


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
