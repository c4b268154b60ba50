"""What pages know about newer versions of the labels they cite.

The app that asks DailyMed (`refsite.labelwatch`) is built on this one, so this app
cannot import it: it registers a provider here when it starts, and pages, the feed,
the A-Z filter and the revision keys ask through these functions. Without a provider
every page is simply "not checked".
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelState:
    """One cited source compared with the newest version of its label."""

    source_key: str
    set_id: str
    title: str
    basis: str  # version, read_on, effective or revised: what the source names
    reviewed_version: int | None
    reviewed_date: datetime.date | None
    current_version: int
    current_published: datetime.date
    stale_since: datetime.date | None  # None while the reviewed version is the newest
    checked_at: datetime.datetime | None
    label_url: str  # the current label on DailyMed
    archive_url: str  # every version of it

    @property
    def stale(self):
        return self.stale_since is not None

    @property
    def reviewed_words(self):
        """"version 7", or "the text read on 2025-02-06" when no version is known."""
        if self.basis == "version" or (self.reviewed_version and self.basis != "read_on"):
            return f"version {self.reviewed_version}"
        word = {"read_on": "read", "effective": "effective", "revised": "revised"}.get(
            self.basis, "dated")
        when = self.reviewed_date.isoformat() if self.reviewed_date else "an earlier date"
        return f"the text {word} on {when}"


@dataclass(frozen=True)
class LabelEvent:
    """A page went stale: the feed's entry."""

    monograph: object
    set_id: str
    title: str
    reviewed: str
    current_version: int
    current_published: datetime.date
    created_at: datetime.datetime
    label_url: str


class _NoProvider:
    def states(self, monograph):
        return []

    def stale_ids(self):
        return set()

    def page_stamp(self):
        return None

    def collection_stamp(self):
        return None

    def events(self, limit):
        return []


_provider = _NoProvider()


def register(provider):
    global _provider
    _provider = provider


def states(monograph):
    """LabelStates of the checked sources of a (saved, published) monograph."""
    if getattr(monograph, "pk", None) is None:
        return []
    return _provider.states(monograph)


def stale_ids():
    """Primary keys of the published monographs a cited label has moved past."""
    return _provider.stale_ids()


def page_stamp():
    """A query expression (on Monograph, via OuterRef('pk')) giving when what a page
    says about its labels last changed, or None; part of the page's revision."""
    return _provider.page_stamp()


def collection_stamp():
    """A query expression giving when any page's label state last changed, or None."""
    return _provider.collection_stamp()


def events(limit):
    """The newest LabelEvents, at most `limit`."""
    return _provider.events(limit)
