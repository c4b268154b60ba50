import datetime
from pathlib import Path

import pytest

from refsite.monographs.pipeline import run

from .factories import monograph_text

PROJECT_CONTENT = Path(__file__).resolve().parent.parent / "content"
TODAY = datetime.date(2026, 6, 1)


class ContentTree:
    """A temporary content/ folder, pointed at by settings.CONTENT_ROOT."""

    def __init__(self, root):
        self.root = root
        (root / "monographs").mkdir(parents=True)
        (root / "schema").mkdir()
        schema = PROJECT_CONTENT / "schema" / "monograph.schema.json"
        (root / "schema" / schema.name).write_text(schema.read_text())

    def write(self, slug="testazepam", text=None, **overrides):
        overrides.setdefault("slug", slug)
        overrides.setdefault("generic_name", slug)
        overrides.setdefault("brand_names", [f"{slug.capitalize()}-brand"])
        overrides.setdefault("synonyms", [])
        if text is None:
            text = monograph_text(**overrides)
        path = self.root / "monographs" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        return path

    def remove(self, slug):
        (self.root / "monographs" / f"{slug}.md").unlink()

    def check(self, paths=None, today=TODAY):
        return run.check(paths, root=self.root, today=today)

    def load(self, paths=None, today=TODAY, **kwargs):
        return run.load(paths, root=self.root, today=today, **kwargs)


@pytest.fixture
def content(tmp_path, settings):
    settings.CONTENT_ROOT = tmp_path / "content"
    return ContentTree(tmp_path / "content")


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages are keyed by revision; SQLite reuses ids after a rollback, so each
    test starts with an empty cache rather than one filled by another test's content."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()
