import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from refsite.publishing.export import export_site


class Command(BaseCommand):
    help = (
        "Write every published page and the static files into DIR, a folder nginx or a "
        "CDN serves as is (pages at path/index.html, 404.html, static/). Search, the API "
        "and the admin stay with Django."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the site; must be empty.")
        parser.add_argument(
            "--host", default=None,
            help="Host name the pages are rendered for (default: the first entry of "
                 "ALLOWED_HOSTS).",
        )

    def handle(self, *args, directory, host, verbosity, **options):
        target = Path(directory)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{target} exists and is not an empty directory; export "
                               "into a new one and switch to it when it is complete.")
        host = host or next((h for h in settings.ALLOWED_HOSTS if "*" not in h
                             and not h.startswith(".")), "localhost")
        if host not in settings.ALLOWED_HOSTS:
            raise CommandError(f"--host {host} is not in ALLOWED_HOSTS")
        started = time.perf_counter()
        progress = self._progress if verbosity >= 1 else None
        result = export_site(target, host=host, progress=progress)
        for path, status in result.broken:
            self.stderr.write(f"{path}: linked from the site but answers {status}")
        if verbosity >= 2:
            for path, location in result.redirects:
                self.stdout.write(f"  redirect {path} -> {location}")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Wrote {len(result.pages)} page(s), {len(result.redirects)} redirect(s) and "
                f"{result.static_files} static file(s) to {target} in "
                f"{time.perf_counter() - started:.1f}s."
            ))

    def _progress(self, done, total):
        if done % 1000 == 0:
            self.stdout.write(f"  {done} pages written, {total - done} to go")
