"""Step 3b: the only place HTML from content is made safe to serve.

Python-Markdown passes raw HTML, event handlers and `javascript:` links straight
through, so everything rendered from content goes through `sanitize_html` before it is
stored. bleach reached the end of its maintenance in 2026; it stays behind this module
and its allow-list so moving to nh3 changes this module only.

`sanitize_tree` is the same sanitizing for a tree the renderer already holds: bleach
reads HTML by parsing it into a tree and walking that, and for a tree that parsing its
own HTML would give back unchanged, it walks the tree it is given instead (the parse
was most of the sanitizer's work).
"""

import re
import xml.etree.ElementTree as etree

import bleach
from bleach.sanitizer import BleachSanitizerFilter

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "id"],
    "abbr": ["title"],
    "h3": ["id"], "h4": ["id"], "h5": ["id"], "h6": ["id"],
    "sup": ["id"],
    "th": ["scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def sanitize_html(html):
    """Return `html` with every element, attribute and URL scheme outside the allow-list
    removed. Text inside removed elements stays, escaped."""
    return _cleaner.clean(html)


def sanitize_tree(fragment):
    """sanitize_html of the HTML the ElementTree `fragment` is written as (its own tag
    left out, text escaped as Python-Markdown writes it), without writing it and
    parsing it back; or None when a parser would not read that HTML back as the same
    tree, and the HTML must be sanitized instead.

    What bleach sanitizes is the tree html5lib parses, walked by its filter and
    serializer. A tree of allowed elements only, each where HTML's parsing rules leave
    it (nothing the parser moves, closes early or adds), with no character its input
    stream changes and attribute values it reads as written, is that same tree (a test
    compares the two ways on generated trees). Elements outside the allow-list are
    left to the parse: bleach strips some of them at a block boundary with a line
    break, which only its tokenizer does."""
    if not _reads_back(fragment, _FLOW | _PHRASING, in_link=False):
        return None
    root = etree.Element("DOCUMENT_FRAGMENT")
    root.text = fragment.text
    root.extend(fragment)
    # The filter exactly as Cleaner.clean builds it, over this tree instead of a parse.
    return _cleaner.serializer.render(BleachSanitizerFilter(
        source=_cleaner.walker(root), allowed_tags=_cleaner.tags,
        attributes=_cleaner.attributes, strip_disallowed_tags=_cleaner.strip,
        strip_html_comments=_cleaner.strip_comments, css_sanitizer=_cleaner.css_sanitizer,
        allowed_protocols=_cleaner.protocols))


# What HTML's tree construction leaves where it is, by the element it is in: phrasing
# (inline) elements hold phrasing only; a paragraph, heading or caption closes at a
# block; table parts and list items stand only in their own containers.
_PHRASING = frozenset({"a", "abbr", "b", "br", "code", "em", "i", "strong", "sub", "sup"})
_FLOW = frozenset({"blockquote", "dl", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre",
                   "table", "ul"})
_CHILDREN = {
    **dict.fromkeys(_PHRASING | {"p", "h3", "h4", "h5", "h6", "pre", "caption", "dt"},
                    _PHRASING),
    **dict.fromkeys({"blockquote", "li", "dd", "td", "th"}, _FLOW | _PHRASING),
    "ul": frozenset({"li"}), "ol": frozenset({"li"}),
    "dl": frozenset({"dt", "dd"}),
    "table": frozenset({"caption", "thead", "tbody", "tfoot"}),
    "thead": frozenset({"tr"}), "tbody": frozenset({"tr"}), "tfoot": frozenset({"tr"}),
    "tr": frozenset({"td", "th"}),
    "br": frozenset(), "hr": frozenset(),
}
# Where only white space may stand between the children (other text is moved out of
# a table, and is never list or table structure).
_STRUCTURE = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"})
_VOID = frozenset({"br", "hr"})
# Characters the parser's input stream or tree builder changes or drops: controls but
# tab and line feed (carriage returns become line feeds, NUL is dropped or replaced),
# surrogates and noncharacters.
_CHANGED_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
              for plane in range(0x10000, 0x110000, 0x10000)) + "]")
# Attribute values are read back as written only without characters the writer escapes
# (and the parser's entity handling then reads).
_ATTRIBUTE_CHANGED_RE = re.compile(_CHANGED_RE.pattern[:-1] + "&<>\"']")
_NAME_RE = re.compile(r"[a-z][a-z0-9-]*\Z")
_HTML_SPACE = " \t\n\f\r"


def _reads_back(element, allowed, in_link):
    """Whether `element`'s children and text are read back as they are, `allowed`
    being the elements that may stand in it."""
    if element.text and _CHANGED_RE.search(element.text):
        return False
    for child in element:
        tag = child.tag
        if (not isinstance(tag, str) or tag not in allowed or tag not in ALLOWED_TAGS
                or (tag == "a" and in_link)):
            return False
        if tag in _VOID and (len(child) or child.text):
            return False
        if tag == "pre" and (child.text or "").startswith("\n"):
            return False  # a line feed right after <pre> is dropped
        if child.tail and _CHANGED_RE.search(child.tail):
            return False
        for name, value in child.attrib.items():
            if not _NAME_RE.match(name) or _ATTRIBUTE_CHANGED_RE.search(value):
                return False
        if tag in _STRUCTURE and any(
                text.strip(_HTML_SPACE) for text in _texts_between(child)):
            return False
        if not _reads_back(child, _CHILDREN[tag], in_link or tag == "a"):
            return False
    return True


def _texts_between(element):
    yield element.text or ""
    for child in element:
        yield child.tail or ""
