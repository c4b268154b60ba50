"""The public site only reads: a middleware that says so for every page, and a
decorator for the API's views.

No such view changes state, so none needs CSRF protection: a stray POST gets an honest
405, not a CSRF 403.
"""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """GET and HEAD only (anything else gets 405), readable from any origin: the data
    is public and the views set no cookies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return csrf_exempt(require_safe(wrapper))


class ReadOnlySite:
    """Answer every method but GET and HEAD with 405 and `Allow: GET, HEAD`, before any
    view or the CSRF check runs.

    The public site only reads, so another method is a client's mistake and deserves an
    honest 405; without this, pages answered TRACE and OPTIONS with the whole page and
    POST with a CSRF 403. Only the admin (Django's own app, for staff) takes forms.
    Must come before CsrfViewMiddleware in MIDDLEWARE.
    """

    ALLOWED = ("GET", "HEAD")
    WRITABLE_APPS = frozenset({"admin"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in self.ALLOWED:
            return None
        match = request.resolver_match
        if match is not None and self.WRITABLE_APPS.intersection(match.app_names):
            return None
        return HttpResponseNotAllowed(
            self.ALLOWED, f"{request.method} is not answered here: use GET or HEAD.\n",
            content_type="text/plain; charset=utf-8")
