"""Step 3b: the only place HTML from content is made safe to serve.

Python-Markdown passes raw HTML, event handlers and `javascript:` links straight
through, so everything rendered from content goes through `sanitize_html` before it is
stored. bleach reached the end of its maintenance in 2026; it stays behind this one
function and its allow-list so moving to nh3 changes this module only.
"""

import bleach

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
