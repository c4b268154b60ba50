"""Step 3: Markdown to sanitized HTML, once, at load time, so serving does no Markdown work.

The renderer knows the site's one piece of extra syntax: `[^source-id]` and
`[^source-id:2.1]` citations, which become numbered links to the page's source list (the
second also names the label section: "[1 §2.1]", titled "KLONOPIN label, section 2.1").
Boxes, notices and the source list itself come from templates, never from markup inside
the content. Everything made from content passes through the sanitizer before it
leaves here (`sanitize_html`, or `sanitize_tree` on the converter's own tree where that
gives the same HTML); the one exception is a citation link in a plain place, which this module
writes itself from a checked source name the sanitizer would keep as it is, and puts in
after sanitizing (`SectionRenderer.render`; the HTML is the same as sanitizing it with
the rest, tests/test_render_citations_after_sanitizing.py).
"""

import hashlib
import json
import re
import sys
import uuid
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import bleach
import django
import markdown
from django.utils.text import slugify
from markdown.treeprocessors import Treeprocessor

from . import sanitize
from .sanitize import sanitize_html, sanitize_tree
from .validate.citations import CITATION_RE


@dataclass(frozen=True)
class RenderedSection:
    title: str
    anchor: str
    html: str
    text: str
    # section_fingerprint of what it was rendered from; stored with it, so a later load
    # can take its HTML instead of rendering the same again.
    fingerprint: str = ""


@dataclass(frozen=True)
class RenderedMonograph:
    document: object
    sections: tuple


class _CitationTreeprocessor(Treeprocessor):
    """Turns `[^source-id]` into a numbered link, outside code, after inline parsing.

    One regex pass over each text node: as an inline pattern, every citation made
    Python-Markdown rescan the text around it, which took a third of a large load.
    Citations to unknown sources stay as text (the check reports them).

    With `late` (a list), a citation whose link is plain text in a plain place becomes
    a marker instead, and its sanitized link goes into `late`, to be put in after
    sanitizing (see SectionRenderer.render).
    """

    SKIP = frozenset({"code", "pre"})
    # Where a link's markup means the same to an HTML parser wherever it stands, and
    # no later step reads the text: no enclosing link (a link inside a link is taken
    # apart), no heading (its id is made from its text).
    PLAIN_PLACES = frozenset({"div", "p", "li", "td", "th", "blockquote", "em", "strong"})

    def __init__(self, md, sources):
        super().__init__(md)
        self.sources = sources
        self.late = None

    def run(self, root):
        # Raw HTML is put back after this step, around text this step cannot place.
        plain = self.late is not None and not self.md.htmlStash.html_counter
        self._process(root, plain)

    def _process(self, element, plain):
        inside_code = element.tag in self.SKIP
        plain = plain and element.tag in self.PLAIN_PLACES
        children = list(element)
        if not inside_code:
            element.text, links = self._expand(element.text, plain)
            element[0:0] = links
        for child in children:
            self._process(child, plain)
            if inside_code:
                continue
            child.tail, links = self._expand(child.tail, plain)
            if links:
                position = list(element).index(child) + 1
                element[position:position] = links

    def _expand(self, text, plain):
        """(text before the first citation link, [sup elements, each with the text
        after it as its tail]); a citation in a plain place stays in the text as a
        marker."""
        if not text or "[^" not in text:
            return text, []
        lead, links, tails, last = [], [], [], 0
        for match in CITATION_RE.finditer(text):
            source = self.sources.get(match.group(1))
            if source is None:
                continue
            number, name = source
            href = f"#source-{match.group(1)}"
            label_section = match.group(2)
            if label_section:
                title = f"{name}, section {label_section}"
                shown = f"[{number} \u00a7{label_section}]"
            else:
                title, shown = f"Source {number}: {name}", f"[{number}]"
            pieces = tails[-1] if links else lead
            pieces.append(text[last:match.start()])
            last = match.end()
            if plain and _plain(title):
                # What the sanitizer makes of this link wherever it stands in a plain
                # place: it escapes and drops nothing in it.
                pieces.append(f"{_MARK}{len(self.late)}{_END}")
                self.late.append(f'<sup><a href="{href}" title="{title}">{shown}</a></sup>')
                continue
            sup = etree.Element("sup")
            link = etree.SubElement(sup, "a")
            link.set("href", href)
            link.set("title", title)
            link.text = shown
            links.append(sup)
            tails.append([])
        if not last:
            return text, []
        (tails[-1] if links else lead).append(text[last:])
        for sup, tail in zip(links, tails, strict=True):
            sup.tail = "".join(tail)
        return "".join(lead), links


def _plain(title):
    """Whether the sanitizer writes `title` back as it is: printable, and nothing it
    escapes in an attribute."""
    return title.isprintable() and not _ESCAPED.intersection(title)


_ESCAPED = frozenset("&<>\"'")


# A citation marker: characters for private use, which content may not hold where a
# marker is made (SectionRenderer.render), and which the sanitizer keeps as they are.
_MARK, _END = "\ue000", "\ue001"
_MARK_RE = re.compile(f"{_MARK}([0-9]+){_END}")


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


class _TreeSanitizer(Treeprocessor):
    """Last of the tree steps: when `wanted`, sanitizes the finished tree itself
    (sanitize_tree) into `html`, and hands Python-Markdown an empty tree to write, so
    the HTML is neither written nor parsed again. A tree that Python-Markdown would
    still change after this step (raw HTML and entities are put back into the written
    text) or that sanitize_tree declines is left to be written and sanitized."""

    def __init__(self, md):
        super().__init__(md)
        self.wanted = False
        self.html = None

    def run(self, root):
        self.html = None
        if not self.wanted or self.md.htmlStash.html_counter:
            return None
        # Python-Markdown strips the white space around what it writes.
        text = (root.text or "").lstrip()
        last = root[-1] if len(root) else None
        if last is None:
            text = text.rstrip()
        elif last.tail:
            last.tail = last.tail.rstrip()
        root.text = text
        self.html = sanitize_tree(root)
        return None if self.html is None else etree.Element(root.tag)


# What a section's Markdown must hold somewhere for each of Python-Markdown's inline
# patterns to match in it: the inline step reads only the section's own text, less the
# block syntax, with tabs turned into spaces (so a hard break, two spaces before a line
# end, may come from a tab) and line ends made "\n". A pattern not named here is always
# tried.
_INLINE_NEEDS = {
    "backtick": ("`",), "escape": ("\\",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("!",), "image_reference": ("!",), "short_image_ref": ("!",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",),
    "linebreak": ("  \n", "\t", "\r"),
    "em_strong": ("*", "_"),
}


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
        # After every other tree step ("unescape" is 0).
        self.tree = _TreeSanitizer(self.md)
        self.md.treeprocessors.register(self.tree, "sanitize-tree", -100)
        self._inline = self.md.treeprocessors["inline"]
        self._patterns = {}  # {names left out: the inline patterns without them}
        delimiters = getattr(self.md, "delimiters", None)  # emphasis, in Markdown 3.11
        self._inline_needs = {**_INLINE_NEEDS, "em_strong": (
            *_INLINE_NEEDS["em_strong"], *getattr(delimiters, "tokens", ()))}

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
        """The HTML of Markdown `text`, not yet sanitized."""
        self.id_prefix = id_prefix
        self.md.reset()
        self._inline.inlinePatterns = self._inline_patterns(text)
        return self.md.convert(text)

    def _inline_patterns(self, text):
        """Python-Markdown's inline patterns less those that cannot match anywhere in
        `text`: it tries every pattern on every piece of text, and most sections have
        no code, HTML, entities, images, escapes or hard line breaks, so most of those
        tries were of patterns that could not match (a fifth of converting a section).
        The same Registry type, as Python-Markdown's own smarty extension swaps in."""
        absent = frozenset(name for name, needs in self._inline_needs.items()
                           if not any(characters in text for characters in needs))
        patterns = self._patterns.get(absent)
        if patterns is None:
            patterns = self.md.inlinePatterns[:]
            for name in absent:
                patterns.deregister(name, strict=False)
            self._patterns[absent] = patterns
        return patterns

    def render(self, text, id_prefix=""):
        """The sanitized HTML of Markdown `text`: sanitize_html(convert(text)), with
        less for the sanitizer to read. The citation links it would read (a third of
        its work on a well-cited page, for links this module writes from checked
        source names) are put in after it, where sanitizing cannot change them: in a
        plain place (no enclosing link, no raw HTML in the text) with a title it keeps
        as it is. Content holding the marker characters is rendered whole. And
        the sanitizer reads the converter's tree instead of its HTML where it can
        (_TreeSanitizer): the same result without writing the HTML and parsing it
        back."""
        late = None if _MARK in text or _END in text else []
        self.citations.processor.late = late
        tree = self.tree
        tree.wanted = True
        try:
            html = self.convert(text, id_prefix)
            html = sanitize_html(html) if tree.html is None else tree.html
        finally:
            self.citations.processor.late = None
            tree.wanted, tree.html = False, None
        return _MARK_RE.sub(lambda m: late[int(m.group(1))], html) if late else html


def render_document(doc):
    """Every section of a validated Document as sanitized HTML plus plain text."""
    return RenderedMonograph(doc, render_sections(doc))


def render_sections(doc, stored=None):
    """The RenderedSections of a validated Document. `stored` ({fingerprint: (html,
    text)}, the sections published for the same monograph) gives the HTML of a section
    made from exactly the same things, which is then not rendered again: an edit to one
    section, or to the front matter alone, renders only what it changed."""
    sources = {s["id"]: (n, s.get("short") or s["title"])
               for n, s in enumerate(doc.meta.get("sources", []), start=1)}
    cited = _sources_key(sources)
    renderer = None
    sections = []
    for section in doc.sections:
        fingerprint = section_fingerprint(section, cited)
        kept = stored.get(fingerprint) if stored else None
        if kept is None:
            renderer = renderer or SectionRenderer.for_sources(sources)
            html = renderer.render(section.markdown, f"{section.anchor}-")
            kept = html, plain_text(html)
        sections.append(RenderedSection(section.title, section.anchor, *kept, fingerprint))
    return tuple(sections)


def _rendering():
    """What a section's HTML depends on besides its own text, anchor and the page's
    sources: this module and the sanitizer (their code, allow-lists included), what a
    citation is, and the versions of Markdown, bleach, Django (slugify) and Python. A
    change to any of them renders every section again. Without the code to read (a
    bytecode-only install), no stored HTML is ever taken."""
    digest = hashlib.sha256()
    try:
        for module in (__file__, sanitize.__file__):
            digest.update(Path(module).read_bytes())
    except (OSError, TypeError):
        return uuid.uuid4().hex
    digest.update(json.dumps([CITATION_RE.pattern, markdown.__version__, bleach.__version__,
                              django.__version__, sys.version_info[:2]]).encode())
    return digest.hexdigest()


RENDERING = _rendering()


def _sources_key(sources):
    return json.dumps(sorted(sources.items()), ensure_ascii=False)


def section_fingerprint(section, cited):
    """Of everything the section's HTML is made from: its Markdown, its anchor (the
    prefix of its heading ids), the page's sources as citations name them (`cited`,
    from _sources_key) and RENDERING."""
    return hashlib.sha256("\0".join(
        (RENDERING, section.anchor, cited, section.markdown)).encode()).hexdigest()


_WS_RE = re.compile(r"\s+")
# A tag of sanitized HTML, quoted attribute values included (they may hold ">").
_TAG_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def plain_text(html):
    """Text of rendered, sanitized HTML, for the search index and snippets. Entities
    stay escaped, as with django.utils.html.strip_tags, which this matches on sanitized
    HTML at a tenth of the cost (it re-parses until nothing changes)."""
    return _WS_RE.sub(" ", _TAG_RE.sub("", html)).strip()
