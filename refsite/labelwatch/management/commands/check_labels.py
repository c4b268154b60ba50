"""python manage.py check_labels [SLUG ...] [--format json] [--offline DIR]

For every set id a published monograph cites, ask DailyMed for the label's version
history, keep the answer and compare each citing source with it. One line per cited
label:

    sertraline  fda754f6-...  reviewed v7  current v9 (2026-03-02)  STALE

Exit 0 when every label is current, 3 when any is stale, 2 when any could not be
checked (the service could not be reached, or answered something unusable): what a
failed check had stored before stays as it was, with the error beside it.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ... import watch
from ...models import LabelCheck, LabelCitation

CURRENT, STALE, FAILED = 0, 3, 2


class Command(BaseCommand):
    help = ("Compare every cited FDA label with the newest version DailyMed lists. Exit 0: "
            "all current; 3: a label has a newer version than the page was reviewed "
            "against; 2: a label could not be checked.")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG",
                            help="check only these published monographs")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--offline", metavar="DIR",
                            help="read DIR/<setid>.json (the history answer as DailyMed "
                                 "returns it) instead of asking the service")
        parser.add_argument("--versions-file", metavar="PATH",
                            help="where to write the newest versions for the content check "
                                 "(default: content/labels/versions.json; '' to skip)")

    def handle(self, *args, **options):
        try:
            cited = watch.cited_sources(options["slugs"])
        except watch.UnknownSlugs as exc:
            raise CommandError(f"no published monograph: {', '.join(exc.args[0])}") from None
        if options["offline"]:
            if not Path(options["offline"]).is_dir():
                raise CommandError(f"--offline {options['offline']}: no such folder")
            service = watch.saved_answers(options["offline"])
        else:
            service = watch.live_service()
        now = timezone.now()
        try:
            outcomes = {o.set_id: o for o in watch.ask(sorted(cited), service, now)}
        finally:
            service.close()
        watch.refresh(now=now)
        problem = self._write_versions(options["versions_file"], outcomes, now)
        rows = _rows(cited, outcomes)
        code = (FAILED if any(r["status"] == "error" for r in rows)
                else STALE if any(r["status"] == "stale" for r in rows) else CURRENT)
        if options["format"] == "json":
            self.stdout.write(json.dumps({
                "checked_at": now.isoformat(timespec="seconds"),
                "service": service.describe(), "exit": code, "labels": rows,
            }, indent=2, ensure_ascii=False))
        else:
            self._print(rows, service, code)
        if problem:
            self.stderr.write(f"warning: {problem}")
        if code:
            sys.exit(code)

    def _write_versions(self, option, outcomes, now):
        if option == "":
            return ""
        path = Path(option) if option else watch.default_versions_path()
        checked = [set_id for set_id, o in outcomes.items() if o.ok]
        return watch.write_versions(path, checked, now) if checked else ""

    def _print(self, rows, service, code):
        width = {key: max([len(_cell(r, key)) for r in rows] + [0])
                 for key in ("slug", "set_id", "reviewed", "current")}
        for row in rows:
            cells = [_cell(row, key).ljust(width[key])
                     for key in ("slug", "set_id", "reviewed", "current")]
            status = {"stale": "STALE", "current": "current"}.get(row["status"], "ERROR")
            line = "  ".join(cells + [status])
            if row["error"]:
                line += f": {row['error']}"
            self.stdout.write(line.rstrip())
        counts = {s: sum(r["status"] == s for r in rows) for s in ("current", "stale", "error")}
        pages = len({r["slug"] for r in rows})
        self.stdout.write(
            f"{len(rows)} cited label{'s' if len(rows) != 1 else ''} on {pages} "
            f"page{'s' if pages != 1 else ''}: {counts['current']} current, "
            f"{counts['stale']} stale, {counts['error']} not checked "
            f"({service.describe()}); exit {code}")


def _cell(row, key):
    if key == "reviewed":
        return f"reviewed {row['reviewed']['text']}"
    if key == "current":
        current = row["current"]
        return f"current v{current['version']} ({current['published']})" if current else "-"
    return row[key]


def _rows(cited, outcomes):
    """One row per cited source: how it compares with the stored history, or why its
    label could not be checked this time (with what the last good check said)."""
    labels = {label.set_id: label for label in LabelCheck.objects.filter(set_id__in=cited)}
    citations = {(c.monograph_id, c.source_key): c
                 for c in LabelCitation.objects.filter(label__set_id__in=cited)}
    rows = []
    for set_id, sources in sorted(cited.items()):
        label, outcome = labels.get(set_id), outcomes.get(set_id)
        for source in sources:
            citation = citations.get((source.monograph_id, source.key))
            error = outcome.error if outcome and not outcome.ok else ""
            if not error and citation is None:
                error = "the source names no version or date to compare"
            status = "error" if error else "stale" if citation.stale else "current"
            rows.append({
                "slug": source.monograph.slug,
                "source": source.key,
                "set_id": set_id,
                "title": (label.title if label else "") or source.title,
                "status": status,
                "reviewed": {
                    "text": _reviewed_text(source, citation),
                    "version": citation.reviewed_version if citation else source.version,
                    "date": _iso(citation.reviewed_date if citation else None),
                },
                "current": ({"version": citation.current_version,
                             "published": citation.current_published.isoformat()}
                            if citation else None),
                "stale_since": _iso(citation.stale_since) if citation else None,
                "last_checked_at": (label.checked_at.isoformat(timespec="seconds")
                                    if label and label.checked_at else None),
                "error": error or None,
                "label_url": label.label_url if label else None,
                "archive_url": label.archive_url if label else None,
                "page_url": source.monograph.get_absolute_url(),
            })
    rows.sort(key=lambda r: (r["slug"], r["set_id"]))
    return rows


def _reviewed_text(source, citation):
    if citation is not None:
        if citation.basis == "version":
            return f"v{citation.reviewed_version}"
        word = {"read_on": "read", "effective": "effective", "revised": "revised"}[
            citation.basis]
        day = _iso(citation.reviewed_date) or "?"
        return (f"v{citation.reviewed_version} ({word} {day})" if citation.reviewed_version
                else f"{word} {day}")
    identity = watch.identity_of(source)
    if identity.version:
        return f"v{identity.version}"
    day = identity.read_on or identity.effective or identity.revised
    return day.isoformat() if day else "?"


def _iso(value):
    return value.isoformat() if value else None
