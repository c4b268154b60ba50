"""One result of checking content, shaped like a linter message.

Editors fix files by line, so every problem the pipeline can report, from an unreadable
file to a dose above the labeled maximum, is a Finding that names the place.
"""

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self):
        return self.severity == ERROR

    def format(self):
        level = "" if self.is_error else " (warning)"
        return f"{self.path}:{self.line}:{self.col}: {self.code}{level} {self.message}"

    def as_dict(self):
        return asdict(self)


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every finding, not just the first."""

    def __init__(self, findings):
        self.findings = sorted(findings)
        super().__init__("\n".join(f.format() for f in self.findings))
