"""The pipeline as two calls: `check` (parse + validate) and `load` (all of it).

Both management commands are thin wrappers around these, so what an editor checks
locally is exactly what the loader refuses.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import gitinfo
from .findings import ContentError
from .parse import discover, parse_file
from .render import render_document
from .store import store
from .validate import validate


@dataclass
class CheckResult:
    documents: list
    findings: list
    files: int

    @property
    def errors(self):
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self):
        return [f for f in self.findings if not f.is_error]


def check(paths=None, *, root=None, today=None):
    root = Path(root or settings.CONTENT_ROOT)
    files, findings = discover(root, paths)
    documents = []
    for path in files:
        try:
            documents.append(parse_file(path, root, settings.CONTENT_MAX_FILE_BYTES))
        except ContentError as exc:
            findings.extend(exc.findings)
    extra_slugs = _all_slugs(root) if paths else ()
    findings.extend(validate(documents, today=today, extra_slugs=extra_slugs))
    return CheckResult(documents, sorted(findings), len(files))


def _all_slugs(root):
    """Slugs of every monograph file, so a partial check can still resolve links."""
    return {p.stem for p in (Path(root) / "monographs").glob("*.md")}


def load(paths=None, *, root=None, today=None, strict=False, progress=None):
    """Check, render and store. Raises ContentError (and stores nothing) on any error,
    or on any warning when `strict`."""
    root = Path(root or settings.CONTENT_ROOT)
    result = check(paths, root=root, today=today or datetime.date.today())
    blocking = result.findings if strict else result.errors
    if blocking:
        raise ContentError(blocking)
    rendered = [render_document(doc) for doc in result.documents]
    commits = gitinfo.last_commits(root)
    head = next(iter(commits.values()), ("", ""))[0] if commits else ""
    return store(rendered, full=not paths, commits=commits, head_commit=head,
                 progress=progress), result
