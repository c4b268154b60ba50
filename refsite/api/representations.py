"""What a monograph looks like to software: plain data built from what the store wrote.

The shapes here are declared in openapi.json; tests validate real responses against it,
so a change to one without the other fails.
"""

import datetime

from django.urls import reverse

from refsite.core.links import absolute_url
from refsite.monographs.fields import LISTED_ATTRIBUTES

_LINKS = {
    "html": "monographs:detail",
    "history": "monographs:history",
    "api": "api:monograph-detail",
    "fhir": "api:fhir-medication-knowledge",
}
_SLUG = "0slug0"  # a valid slug, easy to find in the reversed URL


class Links:
    """Absolute links for one request: each URL is reversed once, not once per
    monograph, so a list of thousands stays cheap."""

    def __init__(self, request):
        self.parts = {}
        for key, name in _LINKS.items():
            url = absolute_url(request, reverse(name, args=[_SLUG]))
            before, _, after = url.rpartition(_SLUG)
            self.parts[key] = (before, after)

    def __call__(self, monograph):
        return {key: f"{before}{monograph.slug}{after}"
                for key, (before, after) in self.parts.items()}


def _date(value):
    return value.isoformat() if value else None


def _plain(value):
    """A stored value as JSON: dates as ISO strings, an empty optional text as null."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value if value != "" else None


def monograph_summary(links, monograph):
    """One entry of the list: enough to choose, with links to the rest. `links` is a
    Links; `monograph` is annotated by `MonographQuerySet.with_revision()` and loaded
    with `LISTED_ATTRIBUTES` (the fields table says which fields are listed)."""
    return {
        **{name: _plain(getattr(monograph, name)) for name in LISTED_ATTRIBUTES},
        "revision": monograph.revision_number,
        "revised_at": _date(monograph.revised_at),
        "links": links(monograph),
    }


def revision(revision):
    return {
        "number": revision.number,
        "content_hash": revision.content_hash,
        "commit": revision.commit or None,
        "changes": revision.changes or None,
        "published_at": revision.created_at.isoformat(),
        "reviewed_by": revision.reviewed_by,
        "reviewed_on": _date(revision.reviewed_on),
    }


# Front-matter keys the API leaves out: misspellings are for the site's search only, and
# software reading the API must not take them for names of the medicine.
_NOT_EXPORTED = frozenset({"misspellings"})


def monograph_detail(request, monograph, sections, current_revision):
    """Every front-matter field as loaded (but the misspellings), plus the rendered
    sections, the current revision and links."""
    data = {key: value for key, value in monograph.front_matter.items()
            if key not in _NOT_EXPORTED}
    data["sections"] = [
        {"title": s.title, "anchor": s.anchor, "html": s.html} for s in sections
    ]
    data["revision"] = revision(current_revision) if current_revision else None
    data["links"] = Links(request)(monograph)
    return data
