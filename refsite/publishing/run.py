"""The pipeline as two calls: `check` (parse + validate) and `load` (all of it).

Both management commands are thin wrappers around these, so what an editor checks
locally is exactly what the loader refuses.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Subquery

from refsite.monographs.models import Monograph, Revision, Source

from . import gitinfo
from .catalog import Catalog, Entry
from .findings import ContentError
from .parse import discover, display_path, file_hash, parse_file
from .render import render_document
from .store import store
from .validate import context_for, validate
from .validate.groups import GROUPS_PATH


@dataclass
class CheckResult:
    documents: list
    findings: list
    files: int
    unchanged: list = field(default_factory=list)  # slugs skipped as already published
    context: object = None  # the validate.Context the documents were checked in

    @property
    def errors(self):
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self):
        return [f for f in self.findings if not f.is_error]


def check(paths=None, *, root=None, today=None):
    """Parse and validate the files under `root` (or `paths`): what check_content runs.
    Reads files only, never the database."""
    root = Path(root or settings.CONTENT_ROOT)
    files, findings = discover(root, paths)
    documents, parse_findings = _parse(files, root)
    others = _other_files(root, files) if paths else []
    entries = [Entry.of_document(doc) for doc in documents] + others
    return _validated(root, files, documents, findings + parse_findings, entries,
                      today or datetime.date.today())


def _parse(files, root):
    documents, findings = [], []
    for path in files:
        try:
            documents.append(parse_file(path, root, settings.CONTENT_MAX_FILE_BYTES))
        except ContentError as exc:
            findings.extend(exc.findings)
    return documents, findings


def _validated(root, files, documents, findings, entries, today, unchanged=(),
               published=None):
    context = context_for(root, today=today, catalog=Catalog.of(entries),
                          promotional_phrases=settings.REFSITE_PROMOTIONAL_PHRASES,
                          slugs={doc.slug for doc in documents}, published=published)
    findings = findings + validate(documents, context)
    return CheckResult(documents, sorted(set(findings)), len(files), list(unchanged), context)


def _other_files(root, files):
    """Catalog entries for the monograph files a partial check does not read: their
    slugs (the file names), so links to them still resolve."""
    checked = {path.stem for path in files}
    return [Entry(display_path(path, root), path.stem, settled=True)
            for path in sorted((Path(root) / "monographs").glob("*.md"))
            if path.stem not in checked]


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


def _stored_entries(slugs):
    """Catalog entries of published monographs skipped as unchanged, from their rows."""
    rows = (Monograph.objects.filter(is_active=True, slug__in=list(slugs))
            .values_list("source_path", "slug", "generic_name", "brand_names", "synonyms",
                         "misspellings", "status"))
    sources = {}
    for slug, key in (Source.objects.filter(monograph__is_active=True,
                                            monograph__slug__in=list(slugs))
                      .values_list("monograph__slug", "key")):
        sources.setdefault(slug, []).append(key)
    return {row[1]: Entry.of_row(*row, sources=sources.get(row[1], ())) for row in rows}


def _published_state(documents):
    """{slug: (content_hash, reviewed_on ISO date, changes)} of the published monographs
    among `documents`, the changes line being their current revision's: one query, for
    REVIEW004 (a published page that changed needs a new review)."""
    slugs = {doc.slug for doc in documents if isinstance(doc.slug, str)}
    if not slugs:
        return {}
    latest = (Revision.objects.filter(monograph=OuterRef("pk")).order_by("-number")
              .values("changes")[:1])
    rows = (Monograph.objects.published().filter(slug__in=list(slugs))
            .annotate(revision_changes=Subquery(latest))
            .values_list("slug", "content_hash", "reviewed_on", "revision_changes"))
    return {slug: (content_hash, reviewed_on.isoformat() if reviewed_on else None,
                   changes or "")
            for slug, content_hash, reviewed_on, changes in rows}


def load(paths=None, *, root=None, today=None, strict=False, progress=None,
         check_all=False, allow_unpublish=False):
    """Check, render and store. Raises ContentError (and stores nothing) on any error,
    or on any warning when `strict`; raises store.UnpublishRefused (and stores nothing) when
    a full load would unpublish every published monograph or more than a quarter of
    them, unless `allow_unpublish`.

    Files identical to what is published are skipped before parsing, so changing one
    file of thousands loads in well under a second; `check_all` checks every file
    instead, as check_content does (after a change to the rules)."""
    root = Path(root or settings.CONTENT_ROOT)
    today = today or datetime.date.today()
    files, findings = discover(root, paths)
    unchanged = {} if check_all else _unchanged(files, root, today)
    documents, parse_findings = _parse([p for p in files if p not in unchanged], root)
    # Stored names are read only when something is checked against them: a changed
    # file, or the groups file (whose members must be monographs); without both, a load
    # with nothing to do stays one query.
    checked = documents or (root / GROUPS_PATH).is_file()
    stored = _stored_entries(unchanged.values()) if unchanged and checked else {}
    by_path = {doc.path: Entry.of_document(doc) for doc in documents}
    entries = [by_path.get(path) or stored.get(unchanged.get(path)) for path in files]
    entries = [e for e in entries if e] + (_other_files(root, files) if paths else [])
    result = _validated(root, files, documents, findings + parse_findings, entries, today,
                        unchanged.values(), _published_state(documents))
    blocking = result.findings if strict else result.errors
    if blocking:
        raise ContentError(blocking)
    rendered = [render_document(doc) for doc in result.documents]
    commits = gitinfo.last_commits(root) if rendered else {}
    head = next(iter(commits.values()), ("", ""))[0] if commits else ""
    return store(rendered, full=not paths, commits=commits, head_commit=head,
                 progress=progress, unchanged=result.unchanged,
                 allow_unpublish=allow_unpublish,
                 groups=result.context.groups.valid()), result
