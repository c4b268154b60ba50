"""Absolute addresses of the site's pages, for structured data, feeds of links and the
problem-report link.

With settings.SITE_URL set (production: the public origin), every page names the same
address whatever host or scheme the request came in on, so a page cached by content
revision, or exported as a file, is identical however it was first requested.
"""

from django.conf import settings


def absolute_url(request, path):
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)
