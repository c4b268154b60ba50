"""Problem reports go to the public issue tracker, not to a form on this site.

The site accepts no public writes. A reader who finds a mistake follows a link that opens
a new issue in the tracker, prefilled with everything an editor needs to find the exact
text they read: the monograph, the page address and the revision that was served.
"""

from urllib.parse import quote, urlencode

from django.conf import settings


def problem_report_url(monograph, page_url, revision=None, tracker_url=None):
    """Link to a new issue about `monograph` as served at `page_url`, in `revision`."""
    tracker_url = tracker_url or settings.ISSUE_TRACKER_NEW_URL
    if revision is not None:
        served = f"revision {revision.number}"
        details = f"Revision: {revision.number} (content {revision.short_hash}"
        details += f", commit {revision.commit[:12]})" if revision.commit else ")"
    else:
        served = "revision not recorded"
        details = "Revision: not recorded"
    title = f"Problem on the {monograph.generic_name} page ({monograph.slug}, {served})"
    body = "\n".join([
        f"Page: {page_url}",
        f"Monograph: {monograph.slug}",
        details,
        f"Reviewed on: {monograph.reviewed_on or 'not reviewed'}",
        "",
        "What is wrong? Please quote the text from the page and, if you can, the part of "
        "the FDA label that shows the problem.",
        "",
        "Please do not include personal health information.",
        "",
    ])
    separator = "&" if "?" in tracker_url else "?"
    return tracker_url + separator + urlencode({"title": title, "body": body}, quote_via=quote)
