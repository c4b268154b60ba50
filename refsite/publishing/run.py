"""The pipeline as two calls: `check` (parse + validate) and `load` (all of it).

Both management commands are thin wrappers around these, so what an editor checks
locally is exactly what the loader refuses.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from refsite.monographs.models import Monograph

from . import gitinfo
from .findings import ContentError
from .parse import discover, display_path, file_hash, parse_file
from .render import render_document
from .store import store
from .validate import validate
from .validate.schema import check_unique


@dataclass
class CheckResult:
    documents: list
    findings: list
    files: int
    unchanged: list = field(default_factory=list)  # slugs skipped as already published

    @property
    def errors(self):
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self):
        return [f for f in self.findings if not f.is_error]


def check(paths=None, *, root=None, today=None, skip_unchanged=False):
    """Parse and validate. With `skip_unchanged`, files identical to what is published
    are not parsed (they passed these checks when they were loaded); they still count
    for the checks between files, so a changed file cannot take their names."""
    root = Path(root or settings.CONTENT_ROOT)
    files, findings = discover(root, paths)
    today = today or datetime.date.today()
    unchanged = _unchanged(files, root, today) if skip_unchanged else {}
    documents = []
    for path in files:
        if path in unchanged:
            continue
        try:
            documents.append(parse_file(path, root, settings.CONTENT_MAX_FILE_BYTES))
        except ContentError as exc:
            findings.extend(exc.findings)
    extra_slugs = _all_slugs(root) if paths or unchanged else ()
    findings.extend(validate(documents, today=today, extra_slugs=extra_slugs))
    if unchanged and documents:
        changed = {doc.display_path for doc in documents}
        findings.extend(f for f in check_unique([*_stored(unchanged.values()), *documents])
                        if f.path in changed)
    return CheckResult(documents, sorted(set(findings)), len(files), list(unchanged.values()))


@dataclass(frozen=True)
class StoredDocument:
    """A published file skipped as unchanged, as far as the checks between files need."""

    display_path: str
    meta: dict

    def line_of(self, *path, default=None):
        return 1


def _unchanged(files, root, today):
    """{path: slug} of the files whose content is exactly what is published. A page
    whose review has since fallen due is not among them: its file is checked again, so
    the load refuses it (REVIEW003) just as check_content does."""
    published = {
        slug: (content_hash, source_path)
        for slug, content_hash, source_path in Monograph.objects.filter(is_active=True)
        .exclude(status=Monograph.Status.REVIEWED, review_due__lt=today)
        .values_list("slug", "content_hash", "source_path")
    }
    base = Path(root).resolve().parent
    unchanged = {}
    for path in files:
        stored = published.get(path.stem)
        if stored is None or stored[0] != file_hash(path, settings.CONTENT_MAX_FILE_BYTES):
            continue
        try:
            shown = str(path.relative_to(base))  # discover() gives resolved paths
        except ValueError:
            shown = display_path(path, root)
        if stored[1] == shown:
            unchanged[path] = path.stem
    return unchanged


def _stored(slugs):
    """StoredDocuments for published monographs, for the checks between files."""
    slugs = set(slugs)
    rows = Monograph.objects.filter(is_active=True).values_list(
        "slug", "source_path", "generic_name", "brand_names", "synonyms")
    return [StoredDocument(path, {"slug": slug, "generic_name": generic,
                                  "brand_names": brands, "synonyms": synonyms})
            for slug, path, generic, brands, synonyms in rows if slug in slugs]


def _all_slugs(root):
    """Slugs of every monograph file, so a partial check can still resolve links."""
    return {p.stem for p in (Path(root) / "monographs").glob("*.md")}


def load(paths=None, *, root=None, today=None, strict=False, progress=None,
         check_all=False):
    """Check, render and store. Raises ContentError (and stores nothing) on any error,
    or on any warning when `strict`.

    Files identical to what is published are skipped before parsing, so changing one
    file of thousands loads in well under a second; `check_all` checks every file
    instead, as check_content does (after a change to the rules)."""
    root = Path(root or settings.CONTENT_ROOT)
    result = check(paths, root=root, today=today or datetime.date.today(),
                   skip_unchanged=not check_all)
    blocking = result.findings if strict else result.errors
    if blocking:
        raise ContentError(blocking)
    rendered = [render_document(doc) for doc in result.documents]
    commits = gitinfo.last_commits(root) if rendered else {}
    head = next(iter(commits.values()), ("", ""))[0] if commits else ""
    return store(rendered, full=not paths, commits=commits, head_commit=head,
                 progress=progress, unchanged=result.unchanged), result
