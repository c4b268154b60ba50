"""The interaction checker page and its JSON twin. Both read only stored rows, both are
cached under the content revision like every page listing monographs (the groups file
is part of that revision: a changed one makes a new ContentLoad)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from refsite.core.caching import revision_cached
from refsite.core.http import read_only
from refsite.monographs.revisions import collection_revision

from . import checker, lookup
from .representations import result_json

NOTHING_FOUND = ("The label parts summarized in this reference do not describe an "
                 "interaction between these medicines. That does not prove the combination "
                 "is safe: ask your pharmacist or prescriber.")
# After NOTHING_FOUND, for each medicine of the pair whose page summarizes none of its
# label's interaction statements (its Interactions section points to the label).
NOT_SUMMARIZED = ("This reference does not summarize the interactions in the {name} "
                  "label yet: its page points to the label section that lists them.")


def run(values):
    """(Request, [PairResult]) for the `drugs` values of a query string."""
    request = lookup.read_request(values)
    if not request.ready:
        return request, []
    unlisted = [(u.key, u.typed) for u in request.unlisted]
    return request, checker.check(request.medicines, lookup.statements(request.medicines),
                                  unlisted)


def _replacing(request, typed, slug):
    """The `drugs` value with `typed` replaced by `slug` (a "did you mean" link)."""
    names = [m.slug for m in request.medicines]
    names += [slug if u.typed == typed else u.typed for u in request.unlisted]
    return ",".join(dict.fromkeys(names))


@revision_cached(collection_revision)
def checker_page(request):
    checked, results = run(request.GET.getlist("drugs"))
    for unlisted in checked.unlisted:
        unlisted.links = [(name, _replacing(checked, unlisted.typed, slug))
                          for name, slug in unlisted.suggestions]
    for result in results:
        result.notes = [(m, NOT_SUMMARIZED.format(name=m.name)) for m in result.unsummarized]
    return render(request, "interactions/checker.html", {
        "checked": checked,
        "results": results,
        "pairs": [r for r in results if not isinstance(r.second, str)],
        "named": [r for r in results if isinstance(r.second, str)],
        "typed": ", ".join(checked.names),
        "nothing_found": NOTHING_FOUND,
        "max_medicines": lookup.MAX_MEDICINES,
        "breadcrumbs": [("Interaction checker", reverse("interactions:checker"))],
    })


@read_only
@revision_cached(collection_revision)
def checker_api(request):
    checked, results = run(request.GET.getlist("drugs"))
    status = 400 if checked.problem or not checked.names else 200
    return JsonResponse(result_json(checked, results, NOTHING_FOUND, NOT_SUMMARIZED),
                        status=status,
                        json_dumps_params={"ensure_ascii": False})
