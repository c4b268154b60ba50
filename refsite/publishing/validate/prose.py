"""What readers read, for the rules that judge wording (doses, notation, claims).

The body is searched as one string so a dose that wraps onto the next line is still one
dose; inline code, raw HTML, link targets and citation ids are blanked out (same length, line
breaks kept), so a URL or a source id never reads as a dose or a claim and every offset
still maps to the file's line and column through `Document.position`.
The front-matter text the page shows (summary, boxed-warning headlines, the dosing
table's words) is listed separately: it is displayed, but it is not prose for the dose
comparison, whose other side it is.
"""

import re
import string
from functools import lru_cache

from refsite.monographs.fields import displayed_text

from .citations import CITATION_RE

# One line only: the renderer ends a code span where a raw HTML block starts, and a
# stricter reading here only means more gets checked. A run of backticks not after
# another: written with the backtick first ("`(?<!``)" rather than "(?<!`)`"), so the
# regex engine jumps from backtick to backtick instead of trying every character (a
# thirtieth of the time on a page).
INLINE_CODE_RE = re.compile(r"(?P<ticks>`(?<!``)`*)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`)")
COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
TAG_RE = re.compile(
    r"<(?P<closing>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?P<attributes>[^>]*)>"
)
# A link, or an image without its "!" (image_before tells): starting at the "[", the
# regex engine jumps from bracket to bracket instead of trying every character ("!?"
# first took fifteen times as long on a page).
LINK_RE = re.compile(
    r"\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s[^)]*)?\)"
)
REFERENCE_RE = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]]+\]:[ \t]*<?(?P<url>[^\s>]+)>?.*$", re.M)
AUTOLINK_RE = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")


def reference_links(text):
    """REFERENCE_RE's matches in `text`; searched for only when the text holds the "]:"
    each of them does (the line-start pattern is tried at every character)."""
    return REFERENCE_RE.finditer(text) if "]:" in text else iter(())


def image_before(text, link):
    """Whether the LINK_RE match `link` in `text` is an image ("![...](...)")."""
    return text[link.start() - 1:link.start()] == "!"


def blank(text, spans):
    """`text` with every character inside `spans` replaced by a space (newlines kept).
    Spans may overlap and come in any order."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end <= start:
            continue
        pieces.append(text[last:start])
        gap = text[start:end]
        pieces.append(_NOT_NEWLINE_RE.sub(" ", gap) if "\n" in gap else " " * len(gap))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


_NOT_NEWLINE_RE = re.compile(r"[^\n]")


def without_code(text):
    """The body with inline code blanked: code is shown as written, never interpreted,
    so markup rules skip it. The renderer has no fenced code blocks (``` lines render
    as text and HTML between them stays HTML), so fences are not code here either."""
    return blank(text, [m.span() for m in INLINE_CODE_RE.finditer(text)])


def without_markup(text):
    """Only the words a reader sees: no code, comments, tags, link targets or citations."""
    text = without_code(text)
    spans = [m.span() for m in COMMENT_RE.finditer(text)]
    spans += [m.span() for m in TAG_RE.finditer(text)]
    spans += [m.span() for m in AUTOLINK_RE.finditer(text)]
    spans += [m.span() for m in reference_links(text)]
    spans += [m.span("url") for m in LINK_RE.finditer(text)]
    spans += [m.span() for m in CITATION_RE.finditer(text)]
    return blank(text, spans)


def prose(doc):
    """The body as readers read it, offsets unchanged. Several rules read it for each
    document, so the last few results are kept (it is a pure function of the body)."""
    return _prose_of_body(doc.body)


@lru_cache(maxsize=32)
def _prose_of_body(body):
    return without_markup(body)


# Every character that matches an ASCII letter under re.IGNORECASE (a test checks all of
# Unicode): the capitals, the dotted and dotless i, the long s and the Kelvin sign.
_FOLD = str.maketrans(string.ascii_uppercase + "\u0130\u0131\u017f\u212a",
                      string.ascii_lowercase + "iisk")


@lru_cache(maxsize=64)
def folded(text):
    """`text` with each character that matches an ASCII letter case-insensitively written
    as that lowercase letter, and nothing else changed (offsets stay): a pattern of
    lowercase ASCII words finds in it, without re.IGNORECASE, exactly what it finds
    case-insensitively in `text`, several times faster."""
    return text.translate(_FOLD)


def displayed_fields(doc):
    """(key path, text) for the front-matter text the page displays (declared in
    `refsite.monographs.fields`)."""
    return displayed_text(doc.meta)


def field_position(doc, path, fragment):
    """(line, column) of `fragment` of a front-matter value: the first line at or after
    the key's line that contains it (values may fold over several lines), else the key."""
    line = doc.line_of(*path)
    lines = doc.text.split("\n")
    for number in range(line, min(line + 30, len(lines) + 1)):
        column = lines[number - 1].find(fragment)
        if column >= 0:
            return number, column + 1
        if lines[number - 1].strip() == "---":
            break
    return line, 1
