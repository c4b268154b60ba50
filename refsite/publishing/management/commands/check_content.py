import json

from django.core.management.base import BaseCommand

from refsite.publishing import run
from refsite.publishing.findings import ERROR
from refsite.publishing.parallel import default_jobs, jobs_option
from refsite.publishing.preview import write_previews
from refsite.publishing.validate.readability import grades_of


def _plural(count, word):
    return f"{count} {word}{'s' * (count != 1)}"


def _readability(result):
    """{slug: grades} of the patient wording of every checked monograph (READ001's
    figures, for tools and the editorial policy's table)."""
    return {doc.slug: grades_of(doc, result.context).as_dict()
            for doc in result.documents
            if isinstance(doc.slug, str) and isinstance(doc.meta, dict)}


class Command(BaseCommand):
    help = (
        "Check monographs the way load_content will (same parser, same rules) and report "
        "problems as path:line:col: CODE message, sorted by file and line. Exit 1 on any "
        "error; warnings never block unless --strict."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*",
                            help="Files or folders inside content/ (default: all of it).")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--strict", action="store_true", help="Treat warnings as errors.")
        parser.add_argument(
            "--jobs", type=jobs_option, default=default_jobs(), metavar="N",
            help="Processes that check (and render) files side by side (default: every "
                 "core, here %(default)s). The result is the same for any N.")
        parser.add_argument(
            "--preview", metavar="DIR",
            help="Also write each checked monograph as the static HTML page it would "
                 "become (site template and stylesheet), plus an index.html, into DIR.",
        )

    def handle(self, *args, paths, format, strict, preview, jobs, verbosity, **options):
        result = run.check(paths or None, jobs=jobs)
        findings = result.findings
        if strict:
            findings = [f.__class__(**{**f.as_dict(), "severity": ERROR}) for f in findings]
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        summary = (f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in "
                   f"{_plural(result.files, 'file')}")
        if format == "json":
            self.stdout.write(json.dumps({
                "findings": [f.as_dict() for f in findings],
                "errors": errors,
                "warnings": warnings,
                "files": result.files,
                "strict": strict,
                "readability": _readability(result),
            }, indent=2))
        else:
            for finding in findings:
                self.stdout.write(finding.format())
            if verbosity >= 1:
                self.stdout.write(summary)
        if preview:
            pages = write_previews(result, preview)
            if verbosity >= 1:
                written = sum(1 for p in pages if p.filename)
                (self.stderr if format == "json" else self.stdout).write(
                    f"Preview: {_plural(written, 'page')} written to {preview}/index.html"
                )
            for page in pages:
                if page.skipped_because:
                    self.stderr.write(f"{page.path}: no preview page, {page.skipped_because}")
        if errors:
            raise SystemExit(1)
