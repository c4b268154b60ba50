"""Review dates: published content says when it was checked, and is checked again."""

import datetime

from ..findings import Finding

CODES = {
    "REVIEW001": "reviewed_on is in the future",
    "REVIEW002": "review_due is not after reviewed_on",
    "REVIEW003": "the review is overdue",
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
