from django.http import JsonResponse
from django.shortcuts import redirect, render

from .answers import respond
from .query import MAX_QUERY_LENGTH, clean
from .suggest import suggest as suggestions


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search(request):
    """Ranked results, led by what answers the query (see `answers`); a query that is
    exactly a generic or brand name goes straight to that page (like a docs search that
    jumps to an exact title). `as_typed=1` leaves everyday words unexpanded."""
    as_typed = request.GET.get("as_typed") == "1"
    response = respond(clean(request.GET.get("q", "")),
                       page=_page_number(request.GET.get("page")), as_typed=as_typed)
    if response.redirect is not None:
        return redirect(response.redirect.url)
    return render(request, "search/results.html", {
        "query": response.query,
        "response": response,
        "results": response.results,
        "as_typed": as_typed,
        "max_query_length": MAX_QUERY_LENGTH,
    })


def suggest(request):
    """Autocomplete for the search box: at most 10 items, names first."""
    query = clean(request.GET.get("q", ""))
    items = [s.as_dict() for s in suggestions(query)]
    return JsonResponse({"query": query, "suggestions": items})
