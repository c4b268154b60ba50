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


def label_status(sources, label_states):
    """Whether each cited label is still the version the page was reviewed against, as
    the last `check_labels` found: `sources` are the front matter's, `label_states`
    monographs.labels.LabelStates."""
    by_key = {state.source_key: state for state in label_states}
    entries = []
    for source in sources:
        if not isinstance(source, dict):
            continue
        state = by_key.get(source.get("id"))
        entry = {"source": source.get("id"), "set_id": source.get("set_id"),
                 "status": "not_checked"}
        if state is not None:
            entry.update({
                "status": "updated" if state.stale else "current",
                "reviewed_version": state.reviewed_version,
                "reviewed_date": _date(state.reviewed_date),
                "current_version": state.current_version,
                "current_published": _date(state.current_published),
                "updated_since": _date(state.stale_since),
                "checked_at": state.checked_at.isoformat() if state.checked_at else None,
                "current_label_url": state.label_url,
            })
        entries.append(entry)
    updated = [state for state in label_states if state.stale]
    notice = " ".join(
        f"The FDA label was updated on {state.current_published.isoformat()} (version "
        f"{state.current_version}); this page was reviewed against {state.reviewed_words}. "
        f"Editors are re-reviewing it; the current label is at {state.label_url}"
        for state in sorted(updated, key=lambda s: (s.current_published, s.source_key)))
    return {"updated_since_review": bool(updated), "notice": notice or None,
            "labels": entries}


def monograph_detail(request, monograph, sections, current_revision, label_states=()):
    """Every front-matter field as loaded (but the misspellings), plus the rendered
    sections, the current revision, links and the cited labels' status."""
    data = {key: value for key, value in monograph.front_matter.items()
            if key not in _NOT_EXPORTED}
    data["sections"] = [
        {"title": s.title, "anchor": s.anchor, "html": s.html} for s in sections
    ]
    data["revision"] = revision(current_revision) if current_revision else None
    data["links"] = Links(request)(monograph)
    data["labelStatus"] = label_status(monograph.front_matter.get("sources") or [],
                                       label_states)
    return data
