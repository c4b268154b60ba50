from django.conf import settings
from django.shortcuts import render

from refsite.monographs.models import Monograph
from refsite.monographs.readability import (
    TARGET_GRADE,
    DrugNames,
    grades,
    monograph_names,
)


def editorial_policy(request):
    """The policy states what a review is; the lists below it show the reviews that
    actually happened and how readable each page's patient wording measures, both read
    from what the content load stored (the grades are computed from the stored summary
    and plain boxed wordings, the same measure as the content check's READ001)."""
    reviewed = list(Monograph.objects.published().only(
        "slug", "generic_name", "brand_names", "synonyms", "reviewed_by", "reviewed_on",
        "review_due", "front_matter",
    ))
    names = DrugNames(name for m in reviewed for name in monograph_names(
        {"generic_name": m.generic_name, "brand_names": m.brand_names,
         "synonyms": m.synonyms}))
    readability = [(m, grades(m.front_matter, names)) for m in reviewed]
    return render(request, "pages/editorial_policy.html", {
        "reviewed": reviewed,
        "readability": readability,
        "target_grade": TARGET_GRADE,
        "issue_tracker_url": settings.ISSUE_TRACKER_NEW_URL,
    })
