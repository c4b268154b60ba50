"""One run of the label watch: which labels published pages cite, asking for each one's
history, keeping the answer (or the error beside the last good answer), comparing every
citing source with it, and the file the content check reads."""

import importlib.metadata
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from refsite.monographs.models import Monograph, Source

from . import history as history_file
from .client import DailyMed, LabelUnavailable, SavedAnswers
from .compare import Identity, compare
from .models import LabelAlert, LabelCheck, LabelCitation

PROJECT_URL = "https://github.com/refsite/refsite"
UNREACHABLE_IN_A_ROW = 2  # then the remaining labels are not asked


class UnknownSlugs(Exception):
    pass


def user_agent():
    try:
        version = importlib.metadata.version("refsite")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"refsite-labelwatch/{version} (+{settings.SITE_URL or PROJECT_URL})"


def live_service():
    return DailyMed(settings.DAILYMED_URL, timeout=settings.DAILYMED_TIMEOUT,
                    retries=settings.DAILYMED_RETRIES, backoff=settings.DAILYMED_BACKOFF,
                    rate=settings.DAILYMED_RATE, user_agent=user_agent())


def saved_answers(folder):
    return SavedAnswers(folder)


def cited_sources(slugs=()):
    """The sources of the published monographs (of `slugs`, when given), by set id."""
    published = Monograph.objects.published()
    if slugs:
        found = set(published.filter(slug__in=slugs).values_list("slug", flat=True))
        missing = sorted(set(slugs) - found)
        if missing:
            raise UnknownSlugs(missing)
        published = published.filter(slug__in=slugs)
    sources = (Source.objects.filter(monograph__in=published).exclude(set_id="")
               .select_related("monograph").order_by("monograph__slug", "number"))
    by_set = {}
    for source in sources:
        by_set.setdefault(source.set_id.lower(), []).append(source)
    return by_set


@dataclass
class Outcome:
    set_id: str
    error: str = ""
    unreachable: bool = False

    @property
    def ok(self):
        return not self.error


def ask(set_ids, service, now=None):
    """Ask `service` for each label's history and keep each answer: a success replaces
    the stored history, a failure only records its error beside it. Returns Outcomes."""
    now = now or timezone.now()
    outcomes, in_a_row = [], 0
    for set_id in set_ids:
        if in_a_row >= UNREACHABLE_IN_A_ROW:
            outcome = Outcome(set_id, f"not asked: {service.describe()} could not be reached "
                                      f"for {in_a_row} labels in a row", unreachable=True)
        else:
            try:
                found = service.history(set_id)
            except LabelUnavailable as exc:
                outcome = Outcome(set_id, str(exc), exc.unreachable)
            else:
                outcome = Outcome(set_id)
                _keep(found, now)
            in_a_row = in_a_row + 1 if outcome.unreachable else 0
        if not outcome.ok:
            _keep_error(set_id, outcome.error, now)
        outcomes.append(outcome)
    return outcomes


def _keep(found, now):
    versions = sorted(set(found.versions), reverse=True)
    LabelCheck.objects.update_or_create(set_id=found.set_id, defaults={
        "title": found.title or "",
        "newest_version": versions[0].number,
        "newest_published": versions[0].published,
        "history": [{"version": v.number, "published": v.published.isoformat()}
                    for v in versions],
        "checked_at": now, "error": "", "error_at": None,
    })


def _keep_error(set_id, error, now):
    label, _ = LabelCheck.objects.get_or_create(set_id=set_id)
    label.error, label.error_at = error[:2000], now
    label.save(update_fields=["error", "error_at"])


def identity_of(source):
    return Identity.of(source.version, source.effective, source.read_on, source.revised)


@transaction.atomic
def refresh(monograph_ids=None, now=None):
    """Compare every source of the published monographs (those of `monograph_ids`, when
    given) with the stored history of its label, and keep the result as LabelCitations;
    a page that has just gone stale gets a LabelAlert. Needs no network."""
    now = now or timezone.now()
    scope = Monograph.objects.filter(pk__in=monograph_ids) if monograph_ids is not None \
        else Monograph.objects.all()
    published = set(scope.filter(pk__in=Monograph.objects.published())
                    .values_list("pk", flat=True))
    sources = list(Source.objects.filter(monograph_id__in=published)
                   .select_related("monograph"))
    labels = {label.set_id: label for label in LabelCheck.objects.filter(
        set_id__in={s.set_id.lower() for s in sources}, newest_version__isnull=False)}
    existing = {(c.monograph_id, c.source_key): c
                for c in LabelCitation.objects.filter(monograph__in=scope)}
    kept = set()
    for source in sources:
        label = labels.get(source.set_id.lower())
        result = compare(identity_of(source), label.versions) if label else None
        if result is None:
            continue
        key = (source.monograph_id, source.key)
        kept.add(key)
        values = {"label": label, "basis": result.basis,
                  "reviewed_version": result.reviewed_version,
                  "reviewed_date": result.reviewed_date,
                  "current_version": result.newest.number,
                  "current_published": result.newest.published,
                  "stale_since": result.stale_since}
        citation = existing.get(key)
        if citation is None:
            LabelCitation.objects.create(monograph_id=source.monograph_id,
                                         source_key=source.key, changed_at=now, **values)
        elif any(getattr(citation, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(citation, name, value)
            citation.changed_at = now
            citation.save()
        if result.stale:
            LabelAlert.objects.get_or_create(
                monograph_id=source.monograph_id, set_id=label.set_id,
                current_version=result.newest.number,
                defaults={"source_key": source.key, "title": label.title or source.title,
                          "reviewed": result.reviewed_text,
                          "current_published": result.newest.published, "created_at": now})
    gone = [c.pk for key, c in existing.items() if key not in kept]
    LabelCitation.objects.filter(pk__in=gone).delete()


def write_versions(path, set_ids, now=None):
    """Merge the stored histories of `set_ids` into the versions file at `path` (the
    content check's copy); entries of other labels are kept. Returns a problem or ""."""
    now = now or timezone.now()
    path = Path(path)
    entries, _ = history_file.load_versions_file(path)
    for label in LabelCheck.objects.filter(set_id__in=set_ids, checked_at__isnull=False):
        entries[label.set_id] = history_file.entry_of(label.title, label.versions,
                                                      label.checked_at)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=".versions-", delete=False) as handle:
            handle.write(history_file.dump_versions(entries))
        os.replace(handle.name, path)
    except OSError as exc:
        return f"{path} was not written: {exc}"
    return ""


def default_versions_path():
    return Path(settings.CONTENT_ROOT) / history_file.VERSIONS_PATH
