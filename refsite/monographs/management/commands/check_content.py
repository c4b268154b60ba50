import json

from django.core.management.base import BaseCommand

from refsite.monographs.pipeline import run


class Command(BaseCommand):
    help = (
        "Check monographs the way load_content will (same parser, same rules) and report "
        "problems as path:line:col: CODE message. Exit 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*",
                            help="Files or folders inside content/ (default: all of it).")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--strict", action="store_true", help="Treat warnings as errors.")

    def handle(self, *args, paths, format, strict, verbosity, **options):
        result = run.check(paths or None)
        findings = result.findings
        if strict:
            findings = [f.__class__(**{**f.as_dict(), "severity": "error"}) for f in findings]
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        files_with_findings = len({f.path for f in findings})
        if format == "json":
            self.stdout.write(json.dumps({
                "findings": [f.as_dict() for f in findings],
                "errors": errors,
                "warnings": warnings,
                "files": result.files,
            }, indent=2))
        else:
            for finding in findings:
                self.stdout.write(finding.format())
            if verbosity >= 1:
                self.stdout.write(
                    f"{errors} error{'s' * (errors != 1)}, {warnings} "
                    f"warning{'s' * (warnings != 1)} in {result.files} "
                    f"file{'s' * (result.files != 1)}"
                    + (f" ({files_with_findings} with findings)" if findings else "")
                )
        if errors:
            raise SystemExit(1)
