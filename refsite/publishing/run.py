"""The pipeline as two calls: `check` (parse + validate) and `load` (all of it).

Both management commands are thin wrappers around these, so what an editor checks
locally is exactly what the loader refuses.
"""

import datetime
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Subquery, TextField
from django.db.models.functions import Cast

from refsite.monographs.models import Monograph, Revision, Section, Source

from . import gitinfo
from .catalog import NAME_KEYS, Catalog, Entry
from .findings import ContentError
from .parallel import frozen_heap, pool_imap, pool_map
from .parse import discover, display_path, file_hash, parse_file, stat_signature
from .render import RenderedMonograph, render_sections
from .store import UnpublishRefused, store
from .validate import context_for, validate_document, validate_shared_files
from .validate.facts import read_facts_of
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


def check(paths=None, *, root=None, today=None, jobs=1):
    """Parse and validate the files under `root` (or `paths`): what check_content runs.
    Reads files only, never the database. `jobs` processes share the per-file work; the
    findings are the same for any number."""
    root = Path(root or settings.CONTENT_ROOT)
    files, findings = discover(root, paths)
    documents, parse_findings, facts_read = _parse(files, root, jobs)
    others = _other_files(root, files) if paths else []
    entries = [Entry.of_document(doc) for doc in documents] + others
    return _validated(root, files, documents, findings + parse_findings, entries,
                      today or datetime.date.today(), jobs=jobs, facts_read=facts_read)


def _parse(files, root, jobs=1):
    """(documents, findings, {file stem: Facts} of their facts files). The facts files
    are read here, beside their monographs, when several processes share the work:
    read later, in this process alone, they took a tenth of a check."""
    documents, findings, facts_read = [], [], {}
    shared = (root, settings.CONTENT_MAX_FILE_BYTES, jobs > 1)
    for path, (document, problems, facts) in zip(
            files, pool_map(_parse_one, files, jobs=jobs, shared=shared), strict=True):
        if document is not None:
            documents.append(document)
        findings.extend(problems)
        if facts is not None:
            facts_read[path.stem] = facts
    return documents, findings, facts_read


def _parse_one(path, shared):
    root, max_bytes, with_facts = shared
    facts = read_facts_of(root, path.stem) if with_facts else None
    try:
        return parse_file(path, root, max_bytes), [], facts
    except ContentError as exc:
        return None, exc.findings, facts


def _validated(root, files, documents, findings, entries, today, *, jobs=1,
               facts_read=None):
    """The CheckResult of `documents`."""
    context = _context(root, documents, entries, today, None, facts_read)
    findings = [*findings, *validate_shared_files(context)]
    for own, _ in pool_imap(_check_one, documents, jobs=jobs,
                            shared=(context, frozenset(), {})):
        findings.extend(own)
    return CheckResult(documents, sorted(set(findings)), len(files), [], context)


def _context(root, documents, entries, today, published, facts_read):
    return context_for(root, today=today, catalog=Catalog.of(entries),
                       promotional_phrases=settings.REFSITE_PROMOTIONAL_PHRASES,
                       slugs={doc.slug for doc in documents}, published=published,
                       facts_read=facts_read)


def _check_one(doc, shared):
    """One file's findings, and its rendered sections when asked for and it has no
    error (a file with errors is never stored, and may not even render)."""
    context, render, stored = shared
    findings = validate_document(doc, context)
    if (not isinstance(doc.slug, str) or doc.slug not in render
            or any(f.is_error for f in findings)):
        return findings, None
    return findings, render_sections(doc, stored.get(doc.slug))


def _other_files(root, files):
    """Catalog entries for the monograph files a partial check does not read: their
    slugs (the file names), so links to them still resolve."""
    checked = {path.stem for path in files}
    return [Entry(display_path(path, root), path.stem, settled=True)
            for path in sorted((Path(root) / "monographs").glob("*.md"))
            if path.stem not in checked]


def _unchanged(files, root, today, jobs=1):
    """({path: slug} of the files whose content is exactly what is published, {slug:
    signature} of those of them to record a new file signature for). A page whose
    review has since fallen due is not among them: its file is checked again, so the
    load refuses it (REVIEW003) just as check_content does. A file whose signature
    (size, times, inode) is the one recorded when it was read is not read again;
    the others are hashed, on `jobs` processes: reading and hashing ten thousand files
    was most of a one-file reload."""
    published = {
        slug: (content_hash, source_path, source_stat)
        for slug, content_hash, source_path, source_stat in
        Monograph.objects.filter(is_active=True)
        .exclude(status=Monograph.Status.REVIEWED, review_due__lt=today).order_by()
        .values_list("slug", "content_hash", "source_path", "source_stat")
    }
    base = Path(root).resolve().parent
    prefix = os.path.join(base, "")
    found, signatures, to_hash = [], {}, []  # (index in files, path, slug)
    for index, path in enumerate(files):
        slug = path.stem
        stored = published.get(slug)
        if stored is None:
            continue
        # discover() gives resolved paths: under `base`, the path relative to it is the
        # rest of the string (Path.relative_to costs more, for every file of a reload).
        text = str(path)
        shown = text[len(prefix):] if text.startswith(prefix) else display_path(path, root)
        if stored[1] != shown:
            continue
        try:
            signature = stat_signature(os.stat(text))
        except OSError:
            continue  # parsing it reports why
        if signature and signature == stored[2]:
            found.append((index, path, slug))
        else:
            signatures[slug] = signature
            to_hash.append((index, path, slug))
    hashes = pool_map(_hash_one, [path for _, path, _ in to_hash], jobs=jobs,
                      shared=settings.CONTENT_MAX_FILE_BYTES)
    restat = {}
    for (index, path, slug), content_hash in zip(to_hash, hashes, strict=True):
        if published[slug][0] == content_hash:
            found.append((index, path, slug))
            restat[slug] = signatures[slug]
    if restat:
        found.sort()  # in the order of `files`
    return {path: slug for _, path, slug in found}, restat


def _hash_one(path, max_bytes):
    return file_hash(path, max_bytes)


def _stored_entries(slugs, names=True):
    """Catalog entries of published monographs skipped as unchanged, from their rows.
    Every published row is read and those of `slugs` kept: a reload skips nearly all of
    them, and ten thousand slugs in the query cost more than the rows they leave out.
    Without `names`, the entries hold no brand names, synonyms or misspellings: only
    the name clashes of a checked file read them (the groups file reads slugs and
    sources)."""
    slugs = set(slugs)
    lists = [Cast(key, TextField()) for key in NAME_KEYS] if names else []
    # No ordering (the model's is by name): ten thousand rows sorted for nothing.
    rows = {pk: row for pk, *row in Monograph.objects.filter(is_active=True).order_by()
            .values_list("pk", "source_path", "slug", "generic_name", "status", *lists)
            if row[1] in slugs}
    sources = {}
    # Every source, without a join to its monograph: `rows` holds the active ones.
    for pk, key in (Source.objects.order_by("monograph_id", "number")
                    .values_list("monograph_id", "key")):
        if pk in rows:
            sources.setdefault(pk, []).append(key)
    # The name lists come as their JSON text and are decoded in one call: decoded one
    # value at a time, thirty thousand of them were most of a one-file reload's reading.
    decoded = json.loads("[" + ",".join(
        f"[{row[4] or '[]'},{row[5] or '[]'},{row[6] or '[]'}]" for row in rows.values()
    ) + "]") if names else [((), (), ())] * len(rows)
    return {row[1]: Entry.of_row(*row[:3], *named, row[3], sources=sources.get(pk, ()))
            for (pk, row), named in zip(rows.items(), decoded, strict=True)}


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


def _to_render(documents):
    """Slugs of the documents the store will write: not those identical to what is
    published (a --check-all reload checks them, but their stored pages stand). The
    store renders any it finds changed after all (another load in between)."""
    if not documents:
        return frozenset()
    rows = Monograph.objects.filter(is_active=True).order_by()  # a dict: no order needed
    slugs = [doc.slug for doc in documents if isinstance(doc.slug, str)]
    if len(slugs) <= _FEW:  # a reload of a few files reads their rows, not all of them
        rows = rows.filter(slug__in=slugs)
    stored = dict(rows.values_list("slug", "content_hash"))
    return frozenset(doc.slug for doc in documents
                     if isinstance(doc.slug, str) and stored.get(doc.slug) != doc.content_hash)


# Up to this many slugs go into a query; for more, reading every row costs less than
# the parameters (ten thousand slugs cost more than the rows they leave out).
_FEW = 500


def _stored_sections(slugs):
    """{slug: {fingerprint: (html, text)}} of the published sections of the monographs
    `slugs` (those about to be rendered), for render_sections to take instead of
    rendering the same again. Sections stored before fingerprints were are left out."""
    stored = {}
    slugs = sorted(slugs)
    for start in range(0, len(slugs), 500):
        for slug, fingerprint, html, text in (
                Section.objects.filter(monograph__is_active=True,
                                       monograph__slug__in=slugs[start:start + 500])
                .exclude(source_hash="").order_by()  # a dict: no sort by monograph name
                .values_list("monograph__slug", "source_hash", "html", "text")):
            stored.setdefault(slug, {})[fingerprint] = (html, text)
    return stored


def load(paths=None, *, root=None, today=None, strict=False, progress=None,
         check_all=False, allow_unpublish=False, jobs=1):
    """Check, render and store. Raises ContentError (and stores nothing) on any error,
    or on any warning when `strict`; raises store.UnpublishRefused (and stores nothing) when
    a full load would unpublish every published monograph or more than a quarter of
    them, unless `allow_unpublish`.

    Files identical to what is published are skipped before parsing, so changing one
    file of thousands loads in well under a second; `check_all` checks every file
    instead, as check_content does (after a change to the rules). `jobs` processes
    share the per-file work (parse, rules, render + sanitize); what is stored and
    reported is the same for any number."""
    with frozen_heap():
        return _load(paths, root=root, today=today, strict=strict, progress=progress,
                     check_all=check_all, allow_unpublish=allow_unpublish, jobs=jobs)


def _load(paths, *, root, today, strict, progress, check_all, allow_unpublish, jobs):
    root = Path(root or settings.CONTENT_ROOT)
    today = today or datetime.date.today()
    files, findings = discover(root, paths)
    unchanged, restat = ({}, {}) if check_all else _unchanged(files, root, today, jobs)
    documents, parse_findings, facts_read = _parse(
        [p for p in files if p not in unchanged], root, jobs)
    # Stored names are read only when something is checked against them: a changed
    # file, or the groups file (whose members must be monographs); without both, a load
    # with nothing to do stays one query.
    checked = documents or (root / GROUPS_PATH).is_file()
    stored = (_stored_entries(unchanged.values(), names=bool(documents))
              if unchanged and checked else {})
    by_path = {doc.path: Entry.of_document(doc) for doc in documents}
    entries = [by_path.get(path) or stored.get(unchanged.get(path)) for path in files]
    entries = [e for e in entries if e] + (_other_files(root, files) if paths else [])
    context = _context(root, documents, entries, today, _published_state(documents),
                       facts_read)
    findings = [*findings, *parse_findings, *validate_shared_files(context)]
    own = []  # the documents' findings, as the workers return them
    render = _to_render(documents)
    stream = pool_imap(_check_one, documents, jobs=jobs,
                       shared=(context, render, _stored_sections(render)))

    def rendered():
        """The documents with their sections as they are checked; stops the store
        (and so rolls it back) at the first file whose findings refuse the load."""
        for doc, (problems, sections) in zip(documents, stream, strict=True):
            own.extend(problems)
            if _blocking(problems, strict):
                raise _Refused
            yield RenderedMonograph(doc, sections)

    def checked():
        """The CheckResult, once every file is checked."""
        for problems, _ in stream:
            own.extend(problems)
        return CheckResult(documents, sorted(set(findings + own)), len(files),
                           list(unchanged.values()), context)

    try:
        if _blocking(findings, strict):  # nothing to store: only the findings are wanted
            raise _Refused
        commits = gitinfo.last_commits(root) if documents else {}
        head = next(iter(commits.values()), ("", ""))[0] if commits else ""
        # The store writes the first files while the workers check and render the rest:
        # the load takes about as long as its larger part, not the two one after the
        # other. A file that refuses the load rolls back what was written before it.
        loaded = store(rendered(), documents=documents, full=not paths, commits=commits,
                       head_commit=head, progress=progress, unchanged=unchanged.values(),
                       allow_unpublish=allow_unpublish, groups=context.groups.valid(),
                       restat=restat)
    except (_Refused, UnpublishRefused):
        result = checked()
        blocking = [f for f in result.findings if _blocking([f], strict)]
        if blocking:
            raise ContentError(blocking) from None
        raise  # UnpublishRefused, for a load with nothing else wrong
    finally:
        stream.close()
    return loaded, checked()


class _Refused(Exception):
    """A finding refuses the load: what was stored so far is rolled back."""


def _blocking(findings, strict):
    return any(strict or f.is_error for f in findings)
