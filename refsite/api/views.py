"""The read-only JSON API. Only GET and HEAD are answered; anything else gets 405
(`refsite.core.http.read_only`)."""

import json
from pathlib import Path

from django.http import JsonResponse

from refsite.core.caching import revision_cached
from refsite.core.http import read_only
from refsite.monographs import labels
from refsite.monographs.fields import LISTED_ATTRIBUTES
from refsite.monographs.models import Monograph
from refsite.monographs.revisions import collection_revision, monograph_revision

from . import representations

OPENAPI = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))
JSON_OPTIONS = {"ensure_ascii": False}


def not_found(message):
    return JsonResponse({"error": "not_found", "message": message}, status=404,
                        json_dumps_params=JSON_OPTIONS)


@read_only
@revision_cached(collection_revision)
def monograph_list(request):
    monographs = (
        Monograph.objects.published()
        .with_revision()
        .only(*LISTED_ATTRIBUTES)
        .order_by("generic_name", "slug")
    )
    links = representations.Links(request)
    items = [representations.monograph_summary(links, m) for m in monographs]
    return JsonResponse({"count": len(items), "monographs": items},
                        json_dumps_params=JSON_OPTIONS)


@read_only
@revision_cached(monograph_revision)
def monograph_detail(request, slug):
    monograph = Monograph.objects.published().filter(slug=slug).first()
    if monograph is None:
        return not_found(f"No published monograph with slug '{slug}'.")
    data = representations.monograph_detail(
        request, monograph, monograph.sections.all(), monograph.current_revision,
        labels.states(monograph),
    )
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


@read_only
def openapi(request):
    return JsonResponse(OPENAPI, json_dumps_params=JSON_OPTIONS)
