"""Decorators for views that only ever read.

No such view changes state, so none needs CSRF protection: exempting them lets a stray
POST get an honest 405 instead of a CSRF 403.
"""

from functools import wraps

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
