"""The published site as plain files, for nginx or a CDN to serve without Django.

Pages are fetched through Django's own request handling (the test client), so each
file is byte for byte what the app server would send. Which pages exist is found the
way a visitor would: from the home page, every published monograph and the sitemap
(when there is one), following links inside the site. Pages other apps add are
exported as soon as something links to them; search, the interaction checker (its
answers depend on the query string), the API and the admin stay with
Django (EXCLUDED_PREFIXES).
"""

import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from refsite.monographs.models import Alias, Monograph

EXCLUDED_PREFIXES = ("/admin/", "/api/", "/search/", "/interactions/")
_LINK_RE = re.compile(r"""<(?:a|link)\b[^>]*\bhref=["']([^"']+)["']""", re.IGNORECASE)
_LOC_RE = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Moved</title>
<meta http-equiv="refresh" content="0; url={url}"><link rel="canonical" href="{url}">
</head><body><p>This page is now at <a href="{url}">{url}</a>.</p></body></html>
"""


@dataclass
class ExportResult:
    pages: list = field(default_factory=list)
    redirects: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    static_files: int = 0


def file_for(path):
    """/drugs/x/ -> drugs/x/index.html; /sitemap.xml stays as it is."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return PurePosixPath(relative) / "index.html"
    return PurePosixPath(relative)


def export_site(target, *, host, progress=None):
    """Write the site into `target` (created; must be empty). Returns an ExportResult."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    # Static files first: with hashed storage, pages can only name files collected.
    call_command("collectstatic", interactive=False, verbosity=0)
    static_target = target / settings.STATIC_URL.strip("/")
    shutil.copytree(settings.STATIC_ROOT, static_target, dirs_exist_ok=True)
    result.static_files = sum(1 for p in static_target.rglob("*") if p.is_file())

    client = Client(HTTP_HOST=host)
    queue = deque(_seeds(client, host))
    seen = set(queue)
    while queue:
        path = queue.popleft()
        response = client.get(path, secure=True)
        if response.status_code == 200:
            _write(target, path, response.content)
            result.pages.append(path)
            if response["Content-Type"].startswith("text/html"):
                for link in _internal_links(response.content.decode(), host):
                    if link not in seen:
                        seen.add(link)
                        queue.append(link)
            if progress:
                progress(len(result.pages), len(result.pages) + len(queue))
        elif response.status_code in (301, 302, 307, 308):
            location = response["Location"]
            _write(target, path, _REDIRECT_PAGE.format(url=escape(location)).encode())
            result.redirects.append((path, location))
            link = _internal(location, host)
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
        else:
            result.broken.append((path, response.status_code))
    not_found = client.get("/404-page-for-export/", secure=True)
    (target / "404.html").write_bytes(not_found.content)
    return result


def _seeds(client, host):
    yield reverse("home")
    for monograph in Monograph.objects.published().only("slug"):
        yield monograph.get_absolute_url()
    # Brand-name addresses (/drugs/klonopin/) are redirects people bookmark and type;
    # the static copy must answer them too, even when no page links to them.
    for alias in Alias.objects.filter(monograph__in=Monograph.objects.published()):
        yield reverse("monographs:detail", args=[alias.slug])
    sitemap = client.get("/sitemap.xml", secure=True)
    if sitemap.status_code == 200:
        yield "/sitemap.xml"
        for url in _LOC_RE.findall(sitemap.content.decode()):
            link = _internal(url, host)
            if link:
                yield link


def _internal_links(html, host):
    for href in _LINK_RE.findall(html):
        link = _internal(href, host)
        if link:
            yield link


def _internal(url, host):
    """The path of a same-site page worth exporting, or None."""
    parts = urlsplit(url.replace("&amp;", "&"))
    if parts.netloc and parts.netloc != host:
        return None
    if parts.scheme not in ("", "http", "https") or parts.query:
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(settings.STATIC_URL):
        return None
    if any(path.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
        return None
    return path


def _write(target, path, content):
    destination = target / file_for(path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(content)
