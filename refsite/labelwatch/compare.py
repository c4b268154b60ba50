"""Is a cited label version still the newest? A pure function of the source's identity
and the label's version history, shared by `check_labels` and the content check
(REVIEW005), so the two cannot disagree.

A source names the text it was reviewed against by one of (in this order of trust):

- `version`: the SPL version; any higher version is newer.
- `read_on`: the day the text was read; the text read was the newest version published
  on or before that day, so any version published after it is newer.
- `effective` (or `revised`, the printed month): an SPL is published on or after its
  effective date, so the version reviewed is the first one published on or after that
  day; any higher version is newer. (A newer version published the same week would be
  taken for the reviewed one: with only a date, nothing closer can be known.)
"""

import datetime
from dataclasses import dataclass

BASES = ("version", "read_on", "effective", "revised")


@dataclass(frozen=True, order=True)
class Version:
    number: int
    published: datetime.date


@dataclass(frozen=True)
class Identity:
    """What a source says about the label text it was reviewed against."""

    version: int | None = None
    effective: datetime.date | None = None
    read_on: datetime.date | None = None
    revised: datetime.date | None = None  # the first day of the printed revision month

    @property
    def basis(self):
        for name in BASES:
            if getattr(self, name) is not None:
                return name
        return None

    @classmethod
    def of(cls, version=None, effective=None, read_on=None, revised=None):
        """From front-matter or model values (dates as date or ISO text, revised as
        YYYY-MM or YYYY-MM-DD); values that are not usable count as absent."""
        return cls(version=version if isinstance(version, int) and version > 0 else None,
                   effective=as_date(effective), read_on=as_date(read_on),
                   revised=as_date(f"{revised}-01" if isinstance(revised, str)
                                   and len(revised) == 7 else revised))


@dataclass(frozen=True)
class Comparison:
    basis: str  # which identity field was compared
    reviewed_version: int | None  # the version reviewed, when the history shows it
    reviewed_date: datetime.date | None  # that version's date, or the date the source gives
    newest: Version
    stale_since: datetime.date | None  # when the first newer version was published

    @property
    def stale(self):
        return self.stale_since is not None

    @property
    def reviewed_text(self):
        """"v7", "v7 (read 2025-02-06)" or "read 2025-02-06": what the page was reviewed
        against, for one line of output."""
        if self.basis == "version":
            return f"v{self.reviewed_version}"
        day = {"read_on": "read", "effective": "effective", "revised": "revised"}[self.basis]
        when = f"{day} {self.reviewed_date.isoformat() if self.reviewed_date else '?'}"
        return f"v{self.reviewed_version} ({when})" if self.reviewed_version else when


def as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def compare(identity, history):
    """The Comparison of a source with a label's history (Versions, any order), or None
    when there is nothing to compare (no history, or a source with no identity)."""
    if not history or identity.basis is None:
        return None
    versions = sorted(set(history))
    newest = max(versions)
    basis = identity.basis
    if basis == "version":
        reviewed = next((v for v in versions if v.number == identity.version), None)
        newer = [v for v in versions if v.number > identity.version]
        return Comparison(basis, identity.version,
                          reviewed.published if reviewed else identity.effective, newest,
                          _first_date(newer))
    if basis == "read_on":
        day = identity.read_on
        known = [v for v in versions if v.published <= day]
        newer = [v for v in versions if v.published > day]
        reviewed = max(known) if known else None
        return Comparison(basis, reviewed.number if reviewed else None, day, newest,
                          _first_date(newer))
    day = identity.effective if basis == "effective" else identity.revised
    after = [v for v in versions if v.published >= day]
    if not after:  # no version published since: the reviewed one is the newest
        return Comparison(basis, newest.number, day, newest, None)
    reviewed = min(after, key=lambda v: (v.published, v.number))
    newer = [v for v in versions if v.number > reviewed.number]
    return Comparison(basis, reviewed.number, day, newest, _first_date(newer))


def _first_date(versions):
    return min(v.published for v in versions) if versions else None
