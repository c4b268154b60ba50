"""Static previews for reviewers: each checked monograph as the page it would become.

A reviewer of a pull request should see the rendered change, not only the Markdown. The
preview renders the site's real page template (templates/monographs/detail.html) with
unsaved model objects built by the same functions the loader stores with
(`store.monograph_fields`, `store.parts`) from the same rendered document, so the
preview and the published page cannot drift apart. Nothing touches the database.

The output folder is self-contained: `<slug>.html` per monograph, the site's stylesheet
copied next to the pages, links between previewed pages made relative, and an
`index.html` listing every page with the check's findings for its file.
"""

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test.utils import override_settings

from refsite.monographs.fields import PAGE_INPUTS
from refsite.monographs.models import Monograph
from refsite.monographs.views import detail_context

from .render import render_document
from .store import monograph_fields, parts
from .validate import schema

PAGE_TEMPLATE = "monographs/detail.html"
INDEX_TEMPLATE = "monographs/preview_index.html"
PREVIEW_HOST = "preview.invalid"
_STATIC_REF_RE = re.compile(r'(?P<attr>(?:href|src))="(?P<url>/static/(?P<path>[^"?#]+))"')
_DRUG_LINK_RE = re.compile(r'href="/drugs/(?P<slug>[^/"?#]+)/(?P<anchor>#[^"]*)?"')


@dataclass
class PreviewPage:
    path: str
    title: str
    filename: str = ""
    findings: list = field(default_factory=list)
    skipped_because: str = ""

    @property
    def errors(self):
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self):
        return len(self.findings) - self.errors


def previewable(doc, validator):
    """Why `doc` cannot be rendered, or '' when it can."""
    broken = schema.broken_keys(doc, validator)
    if broken & PAGE_INPUTS:
        return "its front matter does not match the schema"
    for key in ("reviewed_on", "review_due"):
        if key in broken and key in doc.meta:
            return f"{key} is not a valid date"
    return ""


def rendering():
    """Settings for rendering outside a request: plain static URLs (no manifest needed
    before collectstatic) and a host the fake request may carry."""
    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    return override_settings(STORAGES=storages,
                             ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, PREVIEW_HOST])


def render_page(doc):
    """The HTML page for one Document, through the real page template."""
    rendered = render_document(doc)
    monograph = Monograph(**monograph_fields(doc))
    sections, sources, dose_rules = parts(rendered)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = monograph.get_absolute_url()
    request.META = {"SERVER_NAME": PREVIEW_HOST, "SERVER_PORT": "443",
                    "HTTP_HOST": PREVIEW_HOST}
    with rendering():
        context = detail_context(request, monograph, sections, sources, dose_rules, None)
        return render_to_string(PAGE_TEMPLATE, context, request=request)


def make_relative(html, slugs):
    """Point the page at files in the preview folder: stylesheet and other static files
    by file name, previewed monographs by `<slug>.html`, the home page by index.html.
    Returns (html, static paths referenced)."""
    static = []

    def static_ref(match):
        static.append(match.group("path"))
        return f'{match.group("attr")}="{Path(match.group("path")).name}"'

    def drug_link(match):
        slug = match.group("slug")
        if slug not in slugs:
            return match.group(0)
        return f'href="{slug}.html{match.group("anchor") or ""}"'

    html = _STATIC_REF_RE.sub(static_ref, html)
    html = _DRUG_LINK_RE.sub(drug_link, html)
    html = html.replace('href="/"', 'href="index.html"')
    return html, static


def write_previews(result, directory):
    """Write a page per previewable document of a CheckResult, the static files they
    use and an index; returns the PreviewPage list."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    by_path = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    slugs = {d.slug for d in result.documents if not previewable(d, result.context.schema)}
    pages = []
    static = set()
    for doc in sorted(result.documents, key=lambda d: d.display_path):
        title = str(doc.meta.get("generic_name") or doc.path.stem)
        page = PreviewPage(doc.display_path, title, findings=by_path.pop(doc.display_path, []))
        page.skipped_because = previewable(doc, result.context.schema)
        if not page.skipped_because:
            html, used = make_relative(render_page(doc), slugs)
            page.filename = f"{doc.slug}.html"
            (directory / page.filename).write_text(html, encoding="utf-8")
            static.update(used)
        pages.append(page)
    for path, findings in sorted(by_path.items()):  # files that did not even parse
        pages.append(PreviewPage(path, Path(path).stem, findings=findings,
                                 skipped_because="it could not be read"))
    with rendering():
        index = render_to_string(INDEX_TEMPLATE, {
            "pages": pages,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "files": result.files,
            "SITE_NAME": settings.SITE_NAME,
        })
    index, used = make_relative(index, slugs)
    static.update(used)
    (directory / "index.html").write_text(index, encoding="utf-8")
    for relative in sorted(static):
        found = finders.find(relative)
        if found:
            shutil.copyfile(found, directory / Path(relative).name)
    return pages
