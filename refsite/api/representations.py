"""What a monograph looks like to software: plain data built from what the store wrote.

The shapes here are declared in openapi.json; tests validate real responses against it,
so a change to one without the other fails.
"""

from django.urls import reverse


def _links(request, monograph):
    def absolute(name, *args):
        return request.build_absolute_uri(reverse(name, args=args))

    return {
        "html": absolute("monographs:detail", monograph.slug),
        "history": absolute("monographs:history", monograph.slug),
        "api": absolute("api:monograph-detail", monograph.slug),
        "fhir": absolute("api:fhir-medication-knowledge", monograph.slug),
    }


def _date(value):
    return value.isoformat() if value else None


def monograph_summary(request, monograph):
    """One entry of the list: enough to choose, with links to the rest.
    `monograph` is annotated by `MonographQuerySet.with_revision()`."""
    return {
        "slug": monograph.slug,
        "generic_name": monograph.generic_name,
        "brand_names": list(monograph.brand_names),
        "drug_class": monograph.drug_class,
        "controlled_substance": monograph.controlled_substance or None,
        "reviewed_on": _date(monograph.reviewed_on),
        "review_due": _date(monograph.review_due),
        "revision": monograph.revision_number,
        "revised_at": _date(monograph.revised_at),
        "links": _links(request, monograph),
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


def monograph_detail(request, monograph, sections, current_revision):
    """Every front-matter field as loaded, plus the rendered sections, the current
    revision and links."""
    data = dict(monograph.front_matter)
    data["sections"] = [
        {"title": s.title, "anchor": s.anchor, "html": s.html} for s in sections
    ]
    data["revision"] = revision(current_revision) if current_revision else None
    data["links"] = _links(request, monograph)
    return data
