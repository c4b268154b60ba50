"""Step 4: write rendered monographs to the database in one transaction.

Readers see the old set or the new one, never a mix: everything happens inside
`transaction.atomic`, unchanged files are skipped by content hash, and a monograph whose
file is gone is unpublished rather than deleted so its history stays auditable. Apps
that keep derived data (the search index) follow through the `content_stored` signal,
sent inside the same transaction, so this step never imports them.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from refsite.core.bulk import insert_rows, update_column
from refsite.interactions.storage import replace_groups
from refsite.monographs import fields
from refsite.monographs.models import (
    Alias,
    ContentLoad,
    DoseRule,
    Monograph,
    Revision,
    Section,
    Source,
)
from refsite.monographs.signals import content_stored

from .catalog import name_slug
from .render import render_document


@dataclass
class LoadResult:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    load: object = None
    published: int = 0  # monographs served after this load
    drafts: int = 0  # monographs in content/ kept as drafts (never served)

    @property
    def touched(self):
        return self.added + self.changed + self.removed

    def summary(self):
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed; "
                f"{self.published} published, {self.drafts} kept as drafts")


SHOWN_SLUGS = 20  # a refusal names this many; one line, not ten thousand names


class UnpublishRefused(Exception):
    """A full load would take down every published monograph, or more than a quarter of
    them: an emptied or half-checked-out content/ folder looks just like that, and one
    command must not empty the site. Nothing is stored."""

    def __init__(self, slugs, published):
        self.slugs = sorted(slugs)
        self.published = published
        shown = ", ".join(self.slugs[:SHOWN_SLUGS])
        if len(self.slugs) > SHOWN_SLUGS:
            shown += f" and {len(self.slugs) - SHOWN_SLUGS} more"
        super().__init__(
            f"this load would unpublish {len(self.slugs)} of the {published} published "
            f"monographs, whose files are missing: {shown}. Restore the "
            "files, or if they are meant to go, load again with --allow-unpublish.")


def unpublish_refused(gone, published):
    """True when unpublishing `gone` of `published` monographs needs to be asked for:
    all of them, or more than a quarter; removing a single one (of several) is an
    ordinary edit."""
    return bool(gone) and (len(gone) >= published
                           or (len(gone) > 1 and 4 * len(gone) > published))


def store(rendered, *, documents=None, full=True, commits=None, head_commit="",
          progress=None, unchanged=(), allow_unpublish=False, groups=None, restat=None):
    """Store `rendered` (RenderedMonograph iterable). `unchanged` names monographs whose
    file was skipped as identical to what is published; `restat` ({slug: signature})
    records the file signature of those found identical by their content, so the next
    reload knows them by their signature alone. With `full`, monographs whose
    file is in neither are unpublished; if that is all or more than a quarter of the
    published ones, UnpublishRefused is raised before anything is written, unless
    `allow_unpublish`. `groups` ({slug: group}, the checked groups file) replaces the
    stored groups when it differs; a changed groups file is a new content state (a
    ContentLoad) even when no monograph changed. Returns a LoadResult.

    `documents`, the Documents of `rendered` in its order, lets `rendered` be a stream
    made while it is stored (the load's workers render the next files while this
    writes the first): what is new, changed or gone is decided from the documents
    before anything is written, and the stream is read a batch at a time. An exception
    the stream raises rolls the whole load back."""
    commits = commits or {}
    if documents is None:
        rendered = list(rendered)
        documents = [item.document for item in rendered]
    result = LoadResult(unchanged=list(unchanged))
    with transaction.atomic():
        _lock_out_other_loads()
        # Rows, not model instances: a reload reads every monograph, and building
        # ten thousand instances was a measurable part of a one-file reload; only the
        # changed ones become instances, to be updated.
        existing = {m.slug: m for m in Monograph.objects.order_by().values_list(
            "pk", "slug", "content_hash", "is_active", "status", "source_stat", named=True)}
        if full and not allow_unpublish:
            _refuse_mass_unpublish(existing, documents, unchanged)
        seen = set(unchanged)
        restat = dict(restat or {})
        for doc in documents:
            seen.add(doc.slug)
            current = existing.get(doc.slug)
            if current and current.content_hash == doc.content_hash and current.is_active:
                result.unchanged.append(doc.slug)
                restat[doc.slug] = doc.source_stat
            elif current is None:
                result.added.append(doc.slug)
            else:
                result.changed.append(doc.slug)
        _write(rendered, existing, set(result.added), set(result.changed), commits,
               progress)
        update_column(Monograph, "source_stat", {
            existing[slug].pk: signature for slug, signature in restat.items()
            if slug in existing and existing[slug].source_stat != signature})
        if full:
            gone = [m for slug, m in existing.items() if slug not in seen and m.is_active]
            Monograph.objects.filter(pk__in=[m.pk for m in gone]).update(
                is_active=False, updated_at=timezone.now())
            result.removed.extend(m.slug for m in gone)
        groups_changed = groups is not None and replace_groups(groups)
        # Same transaction: search never lists a monograph that is not served.
        content_stored.send(sender=store, slugs=result.removed, final=True,
                            touched=len(result.touched))
        result.published, result.drafts = _counts()
        if result.touched or groups_changed:
            result.load = ContentLoad.objects.create(
                commit=head_commit,
                added=len(result.added),
                changed=len(result.changed),
                removed=len(result.removed),
            )
    return result


def _write(rendered, existing, added, changed, commits, progress):
    """Write the added and changed monographs of `rendered` a batch at a time, as they
    come; progress counts the monographs written."""
    total, done, batch = len(added) + len(changed), 0, []
    size = _batch_size(total)
    for item in rendered:
        slug = item.document.slug
        if slug in added or slug in changed:
            batch.append(item)
        if len(batch) == size:
            done = _write_batch(batch, existing, added, commits, progress, done, total)
            batch = []
    if batch:
        _write_batch(batch, existing, added, commits, progress, done, total)


def _batch_size(total):
    """_BATCH monographs at most, and for a load of a thousand or so at least
    MIN_BATCHES batches: what is written after the workers finish is the last batch,
    so a load of two batches would store half of itself after the checks instead of
    beside them. A small load is one batch (each batch costs its own statements)."""
    return max(1, min(_BATCH, max(_BATCH // 5, -(-total // MIN_BATCHES))))


def _write_batch(batch, existing, added, commits, progress, done, total):
    new, replaced = [], []
    for item in batch:
        slug = item.document.slug
        if slug in added:
            new.append(_rendered(item))
        else:
            current = existing[slug]
            replaced.append((_rendered(item), Monograph(pk=current.pk, slug=current.slug)))
    _replace(replaced, commits)
    _create(new, commits)
    content_stored.send(sender=store, slugs=[item.document.slug for item in batch],
                        final=False, touched=None)
    done += len(batch)
    if progress:
        progress(done, total)
    return done


def _rendered(item):
    """`item` with its sections: the loader renders only what was not published as it
    is, and another load may have changed that since."""
    return item if item.sections is not None else render_document(item.document)


def _refuse_mass_unpublish(existing, documents, unchanged):
    """Decided inside the load's transaction and lock, from the rows it is about to
    change, so what is refused is exactly what would have gone."""
    present = set(unchanged) | {doc.slug for doc in documents}
    published = [slug for slug, m in existing.items()
                 if m.is_active and m.status == Monograph.Status.REVIEWED]
    gone = [slug for slug in published if slug not in present]
    if unpublish_refused(gone, len(published)):
        raise UnpublishRefused(gone, len(published))


def _counts():
    """(published, drafts) among the monographs whose file is in content/."""
    by_status = dict(Monograph.objects.filter(is_active=True).order_by()
                     .values_list("status").annotate(n=Count("pk")))
    return by_status.get(Monograph.Status.REVIEWED, 0), by_status.get(Monograph.Status.DRAFT, 0)


def _lock_out_other_loads():
    """Two loads at once would both see a monograph as new. On PostgreSQL one
    transaction-scoped advisory lock serialises them (locking every Monograph row
    instead rewrites each row's header: seconds on a large site); SQLite allows one
    writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOAD_LOCK])
    elif connection.features.has_select_for_update:
        list(Monograph.objects.select_for_update().values_list("pk"))


_LOAD_LOCK = 7_355_120_001  # any constant; names the "content load" lock


def monograph_fields(doc):
    """Model field values of a Monograph from its Document (the slug included)."""
    return dict(
        **fields.attributes(doc.meta),
        front_matter=doc.meta,
        source_path=doc.display_path,
        content_hash=doc.content_hash,
        source_stat=doc.source_stat,
        is_active=True,
        updated_at=timezone.now(),
    )


def parts(item, monograph=None):
    """Unsaved Section, Source and DoseRule objects of a RenderedMonograph."""
    meta = item.document.meta
    sections = [
        Section(monograph=monograph, position=n, title=s.title, anchor=s.anchor,
                html=s.html, text=s.text, source_hash=s.fingerprint)
        for n, s in enumerate(item.sections, start=1)
    ]
    sources = [
        Source(monograph=monograph, number=n, key=s["id"], title=s["title"],
               short=s.get("short", ""), url=s["url"], set_id=s["set_id"],
               version=s.get("version"), effective=fields.iso_date(s.get("effective")),
               read_on=fields.iso_date(s.get("read_on")), revised=s.get("revised", ""),
               holder=s.get("holder", ""))
        for n, s in enumerate(meta["sources"], start=1)
    ]
    dose_rules = [
        DoseRule(monograph=monograph, position=n, indication=r["indication"],
                 condition=r.get("condition", ""),
                 population=r["population"], weight_based=r.get("weight_based", False),
                 route=r["route"], frequency=r["frequency"], initial=r["initial"],
                 titration=r.get("titration"), maintenance=r.get("maintenance"),
                 max_daily=r.get("max_daily"), max_daily_note=r.get("max_daily_note", ""),
                 note=r.get("note", ""))
        for n, r in enumerate(meta["dosing"], start=1)
    ]
    return sections, sources, dose_rules


def _aliases(meta, monograph):
    """Alias rows, slugged by the catalog's `name_slug`: the check refused any name whose
    slug another monograph holds (FM006) with that same function, so a stored alias
    never answers for another monograph's address."""
    aliases = {}
    for kind, names in ((Alias.Kind.BRAND, meta.get("brand_names", [])),
                        (Alias.Kind.SYNONYM, meta.get("synonyms", [])),
                        (Alias.Kind.MISSPELLING, meta.get("misspellings", []))):
        for name in names:
            aliases.setdefault((name_slug(name), kind), name)
    return [Alias(monograph=monograph, name=name, slug=slug, kind=kind)
            for (slug, kind), name in aliases.items()]


def _revision(monograph, doc, number, commit, subject):
    """The Revision recording this load of a reviewed monograph, or None for drafts."""
    if monograph.status != Monograph.Status.REVIEWED:
        return None
    return Revision(
        monograph=monograph,
        number=number,
        content_hash=doc.content_hash,
        commit=commit,
        changes=doc.meta.get("changes") or subject,
        reviewed_by=monograph.reviewed_by,
        reviewed_on=monograph.reviewed_on,
        source_text=doc.text,
    )


def _replace(pairs, commits):
    """Replace stored monographs' content with their new items' ([(item, Monograph)], a
    batch): one UPDATE per field set, one DELETE and one INSERT per model, and one
    query for the revision numbers (a rule change or a migration that touches every
    file, not eleven statements per monograph)."""
    if not pairs:
        return
    names = set()
    for item, monograph in pairs:
        values = monograph_fields(item.document)
        names.update(values)
        for name, value in values.items():
            setattr(monograph, name, value)
    names.discard("slug")  # the key they were found by: unchanged
    Monograph.objects.bulk_update([m for _, m in pairs], sorted(names))
    ids = [monograph.pk for _, monograph in pairs]
    for model in _PARTS:
        model.objects.filter(monograph_id__in=ids).delete()
    last = dict(Revision.objects.filter(monograph_id__in=ids).order_by()
                .values_list("monograph_id").annotate(Max("number")))
    _insert_parts(((item, monograph, last.get(monograph.pk, 0) + 1)
                   for item, monograph in pairs), commits)


# The rows a monograph's content is stored in besides its own, replaced on each change.
_PARTS = (Section, Source, DoseRule, Alias)


def _insert_parts(items, commits):
    """Insert the parts and the Revision of stored monographs, one bulk insert per model:
    `items` are (RenderedMonograph, its saved Monograph, the revision number)."""
    rows = {model: [] for model in (*_PARTS, Revision)}
    for item, monograph, number in items:
        doc = item.document
        sections, sources, dose_rules = parts(item, monograph)
        rows[Section] += sections
        rows[Source] += sources
        rows[DoseRule] += dose_rules
        rows[Alias] += _aliases(doc.meta, monograph)
        sha, subject = commits.get(str(doc.path.resolve()), ("", ""))
        revision = _revision(monograph, doc, number, sha, subject)
        if revision:
            rows[Revision].append(revision)
    for model, objects in rows.items():
        insert_rows(model, objects, _BATCH)


_BATCH = 500
MIN_BATCHES = 8


def _create(items, commits):
    """Insert new monographs (a batch): a few statements per 500 monographs instead of
    seven per monograph (the difference between minutes and seconds for a first load
    of a large site)."""
    if not items:
        return
    monographs = Monograph.objects.bulk_create(
        Monograph(**monograph_fields(item.document)) for item in items)
    _insert_parts(((item, monograph, 1)
                   for item, monograph in zip(items, monographs, strict=True)), commits)
