from django.http import JsonResponse
from django.shortcuts import redirect, render

from .query import MAX_QUERY_LENGTH, clean
from .ranking import exact_monograph
from .ranking import search as ranked_search
from .suggest import suggest as suggestions


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search(request):
    """Ranked results; a query that is exactly a generic or brand name goes straight to
    that page (like a docs search that jumps to an exact title)."""
    query = clean(request.GET.get("q", ""))
    target = exact_monograph(query)
    if target is not None:
        return redirect(target.url)
    results = ranked_search(query, page=_page_number(request.GET.get("page")))
    return render(request, "search/results.html", {
        "query": query,
        "results": results,
        "max_query_length": MAX_QUERY_LENGTH,
    })


def suggest(request):
    """Autocomplete for the search box: at most 10 items, names first."""
    query = clean(request.GET.get("q", ""))
    items = [s.as_dict() for s in suggestions(query)]
    return JsonResponse({"query": query, "suggestions": items})
