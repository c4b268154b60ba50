"""Step 3: Markdown to sanitized HTML, once, at load time, so serving does no Markdown work.

The renderer knows the site's one piece of extra syntax: `[^source-id]` and
`[^source-id:2.1]` citations, which become numbered links to the page's source list (the
second also names the label section: "[1 §2.1]", titled "KLONOPIN label, section 2.1").
Boxes, notices and the source list itself come from templates, never from markup inside
the content. Everything it makes passes through `sanitize_html` before it leaves here.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from django.utils.text import slugify
from markdown.treeprocessors import Treeprocessor

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


class _CitationTreeprocessor(Treeprocessor):
    """Turns `[^source-id]` into a numbered link, outside code, after inline parsing.

    One regex pass over each text node: as an inline pattern, every citation made
    Python-Markdown rescan the text around it, which took a third of a large load.
    Citations to unknown sources stay as text (the check reports them).
    """

    SKIP = frozenset({"code", "pre"})

    def __init__(self, md, sources):
        super().__init__(md)
        self.sources = sources

    def run(self, root):
        self._process(root)

    def _process(self, element):
        inside_code = element.tag in self.SKIP
        children = list(element)
        if not inside_code:
            element.text, links = self._expand(element.text)
            element[0:0] = links
        for child in children:
            self._process(child)
            if inside_code:
                continue
            child.tail, links = self._expand(child.tail)
            if links:
                position = list(element).index(child) + 1
                element[position:position] = links

    def _expand(self, text):
        """(text before the first citation, [sup elements with the text after as tail])."""
        if not text or "[^" not in text:
            return text, []
        lead, links, last = [], [], 0
        for match in CITATION_RE.finditer(text):
            source = self.sources.get(match.group(1))
            if source is None:
                continue
            number, name = source
            label_section = match.group(2)
            piece = text[last:match.start()]
            if links:
                links[-1].tail = piece
            else:
                lead.append(piece)
            sup = etree.Element("sup")
            link = etree.SubElement(sup, "a")
            link.set("href", f"#source-{match.group(1)}")
            if label_section:
                link.set("title", f"{name}, section {label_section}")
                link.text = f"[{number} \u00a7{label_section}]"
            else:
                link.set("title", f"Source {number}: {name}")
                link.text = f"[{number}]"
            links.append(sup)
            last = match.end()
        if not links:
            return text, []
        links[-1].tail = text[last:]
        return "".join(lead), links


class CitationExtension(markdown.Extension):
    def __init__(self, sources):
        self.sources = sources
        self.processor = None
        super().__init__()

    def set_sources(self, sources):
        self.sources = sources
        if self.processor is not None:
            self.processor.sources = sources

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # After "inline" (20), so links and code spans are already elements.
        self.processor = _CitationTreeprocessor(md, self.sources)
        md.treeprocessors.register(self.processor, "citation", 15)
        md.treeprocessors.register(_HeaderScopeTreeprocessor(md), "header-scope", 14)


class _HeaderScopeTreeprocessor(Treeprocessor):
    """A Markdown table's header cells head their columns (`scope="col"`), so screen
    readers announce each cell with its column's name."""

    def run(self, root):
        for head in root.iter("thead"):
            for cell in head.iter("th"):
                cell.set("scope", "col")


class SectionRenderer:
    """One Markdown converter for every section of a document, reset between sections:
    building a converter costs about as much as converting a section. `for_sources`
    keeps one per process for every document (its citation sources swapped in)."""

    _shared = None

    def __init__(self, sources):
        self.id_prefix = ""
        self.citations = CitationExtension(sources)
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "toc", self.citations],
            extension_configs={"toc": {"slugify": self._slugify}},
            output_format="html",
        )

    @classmethod
    def for_sources(cls, sources):
        """The process's converter, citing `sources` from now on."""
        if cls._shared is None:
            cls._shared = cls(sources)
        cls._shared.citations.set_sources(sources)
        return cls._shared

    def _slugify(self, value, separator):
        return f"{self.id_prefix}{slugify(value)}"

    def convert(self, text, id_prefix=""):
        self.id_prefix = id_prefix
        self.md.reset()
        return self.md.convert(text)


def render_document(doc):
    """Every section of a validated Document as sanitized HTML plus plain text."""
    return RenderedMonograph(doc, render_sections(doc))


def render_sections(doc):
    """The RenderedSections of a validated Document."""
    sources = {s["id"]: (n, s.get("short") or s["title"])
               for n, s in enumerate(doc.meta.get("sources", []), start=1)}
    renderer = SectionRenderer.for_sources(sources)
    sections = []
    for section in doc.sections:
        html = sanitize_html(renderer.convert(section.markdown, f"{section.anchor}-"))
        sections.append(RenderedSection(section.title, section.anchor, html, plain_text(html)))
    return tuple(sections)


_WS_RE = re.compile(r"\s+")
# A tag of sanitized HTML, quoted attribute values included (they may hold ">").
_TAG_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def plain_text(html):
    """Text of rendered, sanitized HTML, for the search index and snippets. Entities
    stay escaped, as with django.utils.html.strip_tags, which this matches on sanitized
    HTML at a tenth of the cost (it re-parses until nothing changes)."""
    return _WS_RE.sub(" ", _TAG_RE.sub("", html)).strip()
