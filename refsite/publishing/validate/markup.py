"""Safety of the Markdown: say at its line what the sanitizer would otherwise drop quietly.

`sanitize.sanitize_html` stays the last line of defence, but an editor whose `<iframe>`
vanished from the page should hear about it before merge, with the line. The allow-list
is the sanitizer's own (one list), so this rule and the page can never disagree about
what survives. Links are checked too: internal `/drugs/<slug>/` links must lead to a
monograph (from a published page, a published one), external ones must be `https://`.
"""

import html
import re

from ..findings import Finding
from ..sanitize import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS
from .prose import (
    AUTOLINK_RE,
    COMMENT_RE,
    LINK_RE,
    TAG_RE,
    blank,
    image_before,
    reference_links,
    without_code,
)

CODES = {
    "HTML001": "raw HTML the page drops (an element or attribute outside the allow-list)",
    "HTML002": "an on* event-handler attribute in raw HTML",
    "HTML003": "a javascript:, data: or vbscript: URL",
    "LINK001": "a link to /drugs/<slug>/ with no monograph of that slug",
    "LINK002": "an external link that is not https://",
    "LINK003": "a published page links to a monograph that is a draft",
}

ATTRIBUTE_RE = re.compile(
    r"(?P<name>[^\s=/>\"']+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s>]+))?"
)
DANGEROUS_SCHEMES = {"javascript", "data", "vbscript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background",
                  "poster", "srcset", "data", "cite", "longdesc", "lowsrc", "dynsrc"}
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_DRUG_LINK_RE = re.compile(r"^/drugs/(?P<slug>[^/?#]+)/?(?:[?#].*)?$")


def check(doc, context):
    path = doc.display_path
    # Only a published page must not lead readers to an unpublished one (a draft may
    # link to another draft); status_of says None for a file this check did not read.
    status_of = context.catalog.status_of if doc.meta.get("status") == "reviewed" else None
    for code, offset, message in problems(doc.body, context.catalog.slugs, status_of):
        line, col = doc.position(offset)
        yield Finding(path, line, col, code, message)


def problems(text, slugs, status_of=None):
    """(code, offset, message) for each unsafe or broken piece of markup in Markdown
    `text` (inline code and HTML comments, which are never rendered as markup, skipped).
    With `status_of` (slug -> 'reviewed', 'draft' or None), a link to a draft is one."""
    text = without_code(text)
    text = blank(text, [m.span() for m in COMMENT_RE.finditer(text)])
    found = []
    for match in TAG_RE.finditer(text):
        found += _tag_problems(match, slugs, status_of)
    for match in LINK_RE.finditer(text):
        if image_before(text, match):
            found.append(("HTML001", match.start() - 1,
                          "images are not shown on monograph pages; remove "
                          f"'![{match.group('text')}]' (describe it in words)"))
        found += _url_problems(match.group("url"), match.start("url"), slugs, status_of)
    for match in (*reference_links(text), *AUTOLINK_RE.finditer(text)):
        found += _url_problems(match.group("url"), match.start("url"), slugs, status_of)
    return sorted(found, key=lambda item: item[1])


def _tag_problems(match, slugs, status_of=None):
    name = match.group("name").lower()
    start = match.start()
    if name not in ALLOWED_TAGS:
        if not match.group("closing"):
            yield ("HTML001", start,
                   f"<{name}> is removed from the page{_why(name)}; delete it and write "
                   "plain Markdown")
        allowed = ()
    else:
        allowed = ALLOWED_ATTRIBUTES.get(name, ())
    attributes = match.group("attributes")
    offset = match.start("attributes")
    for attribute in ATTRIBUTE_RE.finditer(attributes):
        attr = attribute.group("name").lower()
        where = offset + attribute.start()
        value = attribute.group("value") or ""
        value_at = offset + attribute.start("value") if value else where
        if value[:1] in {"'", '"'}:
            value, value_at = value[1:-1], value_at + 1
        if attr.startswith("on"):
            yield ("HTML002", where,
                   f"event handler '{attr}' on <{name}> would run script; remove it")
            continue
        if attr in URL_ATTRIBUTES:
            url_findings = list(_url_problems(value, value_at, slugs, status_of))
            if url_findings:
                yield from url_findings
                continue
        if name in ALLOWED_TAGS and attr not in allowed:
            yield ("HTML001", where,
                   f"attribute '{attr}' on <{name}> is removed from the page; delete it"
                   + (" (the site's stylesheet does the styling)" if attr == "style" else ""))


def _why(name):
    return {
        "script": " (scripts never run on monograph pages)",
        "style": " (the site's stylesheet does the styling)",
        "iframe": " (no embedded pages)",
        "img": " (no images on monograph pages)",
    }.get(name, "")


def _url_problems(url, offset, slugs, status_of=None):
    cleaned = _CONTROL_RE.sub("", html.unescape(url)).lower()
    scheme = _SCHEME_RE.match(cleaned)
    if scheme and scheme.group(1) in DANGEROUS_SCHEMES:
        yield ("HTML003", offset,
               f"'{scheme.group(1)}:' URLs are removed from the page (they can run script "
               "or hide content); link to an https:// page instead")
        return
    if scheme and scheme.group(1) != "https" and scheme.group(1) in ALLOWED_PROTOCOLS - {
            "mailto"}:
        yield ("LINK002", offset,
               f"external link '{url}' must use https://; change '{scheme.group(1)}://' "
               "to 'https://'")
        return
    if scheme and scheme.group(1) not in ALLOWED_PROTOCOLS:
        yield ("LINK002", offset,
               f"link '{url}' is not a web address the page keeps; use an https:// link")
        return
    if cleaned.startswith("//"):
        yield ("LINK002", offset,
               f"link '{url}' has no scheme; write the full https:// address")
        return
    drug = _DRUG_LINK_RE.match(url)
    if drug and drug.group("slug") not in slugs:
        yield ("LINK001", offset,
               f"link '{url}' leads to no monograph: there is no "
               f"content/monographs/{drug.group('slug')}.md; fix the slug or remove the link")
    elif drug and status_of and status_of(drug.group("slug")) == "draft":
        yield ("LINK003", offset,
               f"link '{url}' leads to a draft (content/monographs/{drug.group('slug')}.md "
               "has status: draft), which readers get as 'not found'; remove the link "
               "until that page is reviewed")
