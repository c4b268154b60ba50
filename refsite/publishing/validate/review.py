"""Review dates: published content says when it was checked, and is checked again, also
whenever it changes."""

import datetime

from refsite.labelwatch.compare import Identity, compare
from refsite.labelwatch.history import VERSIONS_PATH, versions_of

from ..findings import WARNING, Finding

CODES = {
    "REVIEW001": "reviewed_on is in the future",
    "REVIEW002": "review_due is not after reviewed_on",
    "REVIEW003": "the review is overdue",
    "REVIEW004": "a published page changed without a new review date and change line",
    "REVIEW005": "a cited label has a version newer than the one the page was reviewed "
                 "against (check_labels)",
}


def _date(value):
    """The date, or None when missing or invalid (the schema reports invalid dates)."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check(doc, context):
    if doc.meta.get("status") != "reviewed":
        return
    path = doc.display_path
    reviewed_on = _date(doc.meta.get("reviewed_on"))
    review_due = _date(doc.meta.get("review_due"))
    if reviewed_on and reviewed_on > context.today:
        yield Finding(path, doc.line_of("reviewed_on"), 1, "REVIEW001",
                      f"reviewed_on {reviewed_on} is in the future; use the date the review "
                      "happened")
    if reviewed_on and review_due and review_due <= reviewed_on:
        yield Finding(path, doc.line_of("review_due"), 1, "REVIEW002",
                      f"review_due {review_due} must be after reviewed_on {reviewed_on}")
    if review_due and review_due < context.today:
        yield Finding(path, doc.line_of("review_due"), 1, "REVIEW003",
                      f"review was due on {review_due}; re-review the page, then set new "
                      "reviewed_on and review_due (or set status: draft)")


def check_republished(doc, context):
    """REVIEW004: a published page whose text differs from what is published (its slug
    in `context.published`, a different content hash) was changed after its review, so
    the review no longer covers it: it needs a reviewed_on after the published one and
    a `changes` line of its own for the history page. Only the loader knows the
    published state; check_content, which reads no database, has none."""
    if doc.meta.get("status") != "reviewed" or not isinstance(doc.slug, str):
        return
    state = context.published.get(doc.slug)
    if state is None:
        return
    published_hash, published_on, published_changes = state
    if published_hash == doc.content_hash:
        return
    path = doc.display_path
    reviewed_on = _date(doc.meta.get("reviewed_on"))  # missing or invalid: FM001, FM003
    published_on = _date(published_on)
    if reviewed_on and published_on and reviewed_on <= published_on:
        yield Finding(path, doc.line_of("reviewed_on"), 1, "REVIEW004",
                      f"the page changed since its review of {published_on}: review it "
                      "again and set a new reviewed_on")
    changes = doc.meta.get("changes")
    if not isinstance(changes, str) or not changes.strip():
        yield Finding(path, doc.line_of("status"), 1, "REVIEW004",
                      "the page changed since its published revision: add a `changes` line "
                      "saying what this revision changes, for the history page")
    elif changes.strip() == (published_changes or "").strip():
        yield Finding(path, doc.line_of("changes"), 1, "REVIEW004",
                      f"changes '{changes.strip()}' is the published revision's; say what "
                      "this revision changes")


def check_label_versions(doc, context):
    """REVIEW005 (warning): a source of a published page names a label version (or the
    date its text was read) older than the newest version the last `check_labels` wrote
    to labels/versions.json: the label changed after the review, so re-review the page
    against the current label and update the source. The comparison is the one
    check_labels makes (refsite/labelwatch/compare.py)."""
    if doc.meta.get("status") != "reviewed" or not isinstance(doc.meta.get("sources"), list):
        return
    if context.label_versions_problem:
        yield Finding(doc.display_path, doc.line_of("sources"), 1, "REVIEW005",
                      f"{context.label_versions_problem}; the sources' label versions could "
                      "not be compared", WARNING)
        return
    for index, source in enumerate(doc.meta["sources"]):
        if not isinstance(source, dict) or not isinstance(source.get("set_id"), str):
            continue
        entry = context.label_versions.get(source["set_id"].lower())
        if entry is None:
            continue
        identity = Identity.of(source.get("version"), source.get("effective"),
                               source.get("read_on"), source.get("revised"))
        result = compare(identity, versions_of(entry))
        if result is None or not result.stale:
            continue
        key = "version" if result.basis == "version" else result.basis
        checked = str(entry.get("checked_at") or "")[:10] or "the last check"
        yield Finding(
            doc.display_path, doc.line_of("sources", index, key), 1, "REVIEW005",
            f"source '{source.get('id')}' was reviewed against {result.reviewed_text}; "
            f"DailyMed lists version {result.newest.number} of "
            f"{result.newest.published.isoformat()} ({VERSIONS_PATH}, checked {checked}): "
            "re-review the page against the current label, then update the source",
            WARNING)
