"""The editors' list: published pages whose cited label was updated since their review,
those stale the longest first, and the labels the last check could not reach."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import F
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import LabelCheck, LabelCitation


@require_safe
@never_cache
@staff_member_required
def stale_pages(request):
    stale = (LabelCitation.objects.stale().select_related("monograph", "label")
             .order_by("stale_since", "monograph__reviewed_on", "monograph__generic_name"))
    failed = LabelCheck.objects.exclude(error="").order_by(F("error_at").desc(nulls_last=True))
    return render(request, "labelwatch/stale.html", {
        "stale": stale,
        "failed": failed,
        "checked": LabelCheck.objects.filter(checked_at__isnull=False)
        .order_by("-checked_at").values_list("checked_at", flat=True).first(),
        "breadcrumbs": [("Labels updated since review", request.path)],
    })
