import shutil

import pytest
import yaml

from refsite.publishing import run
from refsite.publishing.parse import parse_file
from refsite.publishing.render import render_document
from refsite.publishing.store import store

from .factories import (
    FRONT_MATTER,
    PROJECT_CONTENT,
    SAFE_DUMPER,
    TODAY,
    facts_vouching_for,
    monograph_text,
)


class ContentTree:
    """A temporary content/ folder, pointed at by settings.CONTENT_ROOT."""

    def __init__(self, root, create=True):
        self.root = root
        if not create:
            return
        (root / "monographs").mkdir(parents=True)
        (root / "schema").mkdir()
        schema = PROJECT_CONTENT / "schema" / "monograph.schema.json"
        (root / "schema" / schema.name).write_text(schema.read_text())
        (root / "labels").mkdir()
        labels = PROJECT_CONTENT / "labels" / "boxed-warnings.yaml"
        (root / "labels" / labels.name).write_text(labels.read_text())

    def write(self, slug="testazepam", text=None, facts=True, **overrides):
        """Write a monograph file and, unless `facts` is False, a facts file that
        vouches for everything it states (so a test sees only the findings it is
        about; tests of the facts rules write their own with `write_facts`)."""
        overrides.setdefault("slug", slug)
        overrides.setdefault("generic_name", slug)
        overrides.setdefault("brand_names", [f"{slug.capitalize()}-brand"])
        overrides.setdefault("synonyms", [])
        if text is None:
            text = monograph_text(**overrides)
        path = self.root / "monographs" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        if facts:
            vouching = facts_vouching_for(text)
            if vouching is not None:
                self.write_facts(slug, vouching)
        return path

    def write_facts(self, slug, facts):
        folder = self.root / "reference"
        folder.mkdir(exist_ok=True)
        path = folder / f"{slug}.yaml"
        path.write_text(yaml.dump(facts, Dumper=SAFE_DUMPER, sort_keys=False,
                                  allow_unicode=True), encoding="utf-8")
        return path

    def remove(self, slug):
        (self.root / "monographs" / f"{slug}.md").unlink()

    def store_unchecked(self, path):
        """Render and store one file without the check, as if it had slipped past it:
        for testing the defences behind the check (sanitizing, escaping)."""
        doc = parse_file(path, self.root, 10**6)
        return store([render_document(doc)], full=False)

    def check(self, paths=None, today=TODAY):
        return run.check(paths, root=self.root, today=today)

    def load(self, paths=None, today=TODAY, **kwargs):
        return run.load(paths, root=self.root, today=today, **kwargs)


def loaded_once(write):
    """A module-scoped fixture for tests that mostly read: `write(tree)` fills a content
    tree, which is loaded once and committed for the whole module (not once per test),
    and removed after the module. Pair it with `writable_copy` for tests that change
    content: their loads see the committed rows and roll back with the test."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        tree = ContentTree(tmp_path_factory.mktemp("module") / "content")
        write(tree)
        with django_db_blocker.unblock():
            run.load(root=tree.root, today=TODAY)
            try:
                yield tree
            finally:
                forget_all_content()

    return fixture


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The real content/ loaded once for the module that asks, committed (not rolled back
    per test) and removed after it, the ContentLoad rows too: later modules count them."""
    with django_db_blocker.unblock():
        run.load(root=PROJECT_CONTENT)
        try:
            yield
        finally:
            forget_all_content()


def forget_all_content():
    from refsite.interactions.models import Group, GroupSet
    from refsite.monographs.models import ContentLoad, Monograph

    Monograph.objects.all().delete()  # the search index follows (pre_delete)
    ContentLoad.objects.all().delete()
    Group.objects.all().delete()
    GroupSet.objects.all().delete()


def writable_copy(tree, tmp_path, settings):
    """A copy of a module's tree that one test may change."""
    root = tmp_path / "content"
    shutil.copytree(tree.root, root)
    settings.CONTENT_ROOT = root
    return ContentTree(root, create=False)


@pytest.fixture
def content(tmp_path, settings):
    settings.CONTENT_ROOT = tmp_path / "content"
    return ContentTree(tmp_path / "content")


@pytest.fixture
def published_draft_and_removed(content):
    """alpha is published, beta is a draft, gamma was published until its file was
    removed. Each has its own class and condition, so a leak is easy to spot."""
    for slug, status in (("alpha", "reviewed"), ("beta", "draft"), ("gamma", "reviewed")):
        name = slug.capitalize()
        content.write(slug, status=status, drug_class=f"{name}class",
                      dosing=[{**FRONT_MATTER["dosing"][0], "indication": f"{name} fever"}])
    content.load()
    content.remove("gamma")
    content.load()
    return content


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages are keyed by revision; SQLite reuses ids after a rollback, so each
    test starts with an empty cache rather than one filled by another test's content."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


def pytest_report_header(config):
    """One loud line when the browser tests will skip here (they fail under CI=true)."""
    root = PROJECT_CONTENT.parent
    missing = [name for name, present in (
        ("/usr/bin/chromium", shutil.which("/usr/bin/chromium") is not None),
        ("java", shutil.which("java") is not None),
        ("node_modules/axe-core", (root / "node_modules" / "axe-core").exists()),
    ) if not present]
    if missing:
        return (f"BROWSER TESTS WILL SKIP: missing {', '.join(missing)}; install with "
                "`apt-get install chromium default-jre-headless npm` and `make browser-tools`")
    return None
