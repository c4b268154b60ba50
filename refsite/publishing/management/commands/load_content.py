import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError

from refsite.publishing import run
from refsite.publishing.findings import ContentError
from refsite.publishing.parallel import default_jobs, jobs_option
from refsite.publishing.store import UnpublishRefused


class Command(BaseCommand):
    help = (
        "Check, render and publish monographs from content/. All or nothing: on any "
        "error nothing is stored and the site keeps serving the previous content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*",
            help="Files or folders inside content/ (default: all of content/monographs). "
                 "With paths, monographs not named are left as they are.",
        )
        parser.add_argument("--strict", action="store_true",
                            help="Refuse to load on warnings too.")
        parser.add_argument(
            "--check-all", action="store_true",
            help="Check every file, also those identical to what is published (which "
                 "are skipped by default: they passed the checks when loaded).")
        parser.add_argument(
            "--allow-unpublish", action="store_true",
            help="Allow a load that unpublishes every published monograph, or more than "
                 "a quarter of them (refused by default: an emptied content/ folder "
                 "looks just like that).")
        parser.add_argument(
            "--jobs", type=jobs_option, default=default_jobs(), metavar="N",
            help="Processes that check (and render) files side by side (default: every "
                 "core, here %(default)s). The result is the same for any N.")

    def handle(self, *args, paths, strict, check_all, allow_unpublish, jobs, verbosity,
               **options):
        started = time.perf_counter()
        progress = self._progress if verbosity >= 1 else None
        try:
            result, checked = run.load(paths or None, strict=strict, progress=progress,
                                       check_all=check_all,
                                       allow_unpublish=allow_unpublish, jobs=jobs)
        except UnpublishRefused as exc:
            for slug in exc.slugs:
                self.stderr.write(f"  would unpublish: {slug}")
            raise CommandError(
                f"Refused: {exc} Nothing was loaded and the previous content is still "
                "served.") from None
        except ContentError as exc:
            for finding in exc.findings:
                self.stderr.write(finding.format())
            raise CommandError(
                f"{len(exc.findings)} problem(s) found; nothing was loaded and the "
                "previous content is still served."
            ) from None
        except DatabaseError as exc:
            raise CommandError(_database_trouble(exc), returncode=2) from None
        for finding in checked.warnings:
            self.stderr.write(finding.format())
        elapsed = time.perf_counter() - started
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded {checked.files} file(s) in {elapsed:.2f}s: {result.summary()}."
            ))
        if verbosity >= 2:
            for label in ("added", "changed", "removed"):
                for slug in getattr(result, label):
                    self.stdout.write(f"  {label}: {slug}")

    def _progress(self, done, total):
        if total >= 200 and (done % 500 == 0 or done == total):
            self.stdout.write(f"  stored {done}/{total}")


def _database_trouble(exc):
    """One line for an operator: which database, what it said, what to do. The store is
    one transaction, so nothing was stored."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    name = f"{settings_dict.get('ENGINE', '').rsplit('.', 1)[-1]} database " \
           f"{settings_dict.get('NAME') or '(no name)'}"
    said = " ".join(str(exc).split()) or type(exc).__name__
    lowered = said.lower()
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        advice = "its tables are missing: run `python manage.py migrate`"
    elif "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        advice = "it is read-only: load into a writable database (check file permissions)"
    elif "unable to open" in lowered or "could not connect" in lowered:
        advice = "it cannot be opened: check DATABASE_URL and that the database is reachable"
    else:
        advice = "check DATABASE_URL and run `python manage.py migrate`"
    return f"{name}: {said}; {advice}. Nothing was loaded."
