from django.http import JsonResponse
from django.shortcuts import redirect, render

from . import search as site_search


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search(request):
    """Ranked results; a query that is exactly a generic or brand name goes straight to
    that page (like a docs search that jumps to an exact title)."""
    query = site_search.clean(request.GET.get("q", ""))
    target = site_search.exact_monograph(query)
    if target is not None:
        return redirect(target)
    results = site_search.search(query, page=_page_number(request.GET.get("page")))
    return render(request, "search/results.html", {
        "query": query,
        "results": results,
        "max_query_length": site_search.MAX_QUERY_LENGTH,
    })


def suggest(request):
    """Autocomplete for the search box: at most 10 items, names first."""
    query = site_search.clean(request.GET.get("q", ""))
    items = [s.as_dict() for s in site_search.suggest(query)]
    return JsonResponse({"query": query, "suggestions": items})
