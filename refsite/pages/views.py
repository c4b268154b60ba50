from django.conf import settings
from django.shortcuts import render

from refsite.monographs.models import Monograph


def editorial_policy(request):
    """The policy states what a review is; the list below it shows the reviews that
    actually happened, read from what the content load stored."""
    reviewed = Monograph.objects.published().only(
        "slug", "generic_name", "reviewed_by", "reviewed_on", "review_due"
    )
    return render(request, "pages/editorial_policy.html", {
        "reviewed": reviewed,
        "issue_tracker_url": settings.ISSUE_TRACKER_NEW_URL,
    })
