"""Step 3: Markdown to sanitized HTML, once, at load time, so serving does no Markdown work.

The renderer knows the site's one piece of extra syntax: `[^source-id]` citations, which
become numbered links to the page's source list. Boxes, notices and the source list
itself come from templates, never from markup inside the content. Everything it makes
passes through `sanitize_html` before it leaves this module.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from django.utils.html import strip_tags
from django.utils.text import slugify
from markdown.inlinepatterns import InlineProcessor

from .sanitize import sanitize_html
from .validate.citations import CITATION_RE


@dataclass(frozen=True)
class RenderedSection:
    title: str
    anchor: str
    html: str
    text: str


@dataclass(frozen=True)
class RenderedMonograph:
    document: object
    sections: tuple


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern, md, sources):
        super().__init__(pattern, md)
        self.sources = sources

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API
        source_id = m.group(1)
        number = self.sources.get(source_id)
        if number is None:
            return None, None, None
        sup = etree.Element("sup")
        link = etree.SubElement(sup, "a")
        link.set("href", f"#source-{source_id}")
        link.set("title", f"Source {number}")
        link.text = f"[{number}]"
        return sup, m.start(0), m.end(0)


class CitationExtension(markdown.Extension):
    def __init__(self, sources):
        self.sources = sources
        super().__init__()

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        md.inlinePatterns.register(
            _CitationProcessor(CITATION_RE.pattern, md, self.sources), "citation", 175
        )


def render_markdown(text, sources, id_prefix=""):
    """Unsanitized HTML for one section; `sources` maps a source id to its number."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", CitationExtension(sources)],
        extension_configs={
            "toc": {"slugify": lambda value, sep: f"{id_prefix}{slugify(value)}"},
        },
        output_format="html",
    )
    return md.convert(text)


def render_document(doc):
    """Every section of a validated Document as sanitized HTML plus plain text."""
    sources = {s["id"]: n for n, s in enumerate(doc.meta.get("sources", []), start=1)}
    sections = []
    for section in doc.sections:
        html = sanitize_html(render_markdown(section.markdown, sources, f"{section.anchor}-"))
        sections.append(RenderedSection(section.title, section.anchor, html, plain_text(html)))
    return RenderedMonograph(doc, tuple(sections))


_WS_RE = re.compile(r"\s+")


def plain_text(html):
    """Text of rendered HTML, for the search index and snippets."""
    return _WS_RE.sub(" ", strip_tags(html)).strip()
