"""Step 3b: the only place HTML from content is made safe to serve.

Python-Markdown passes raw HTML, event handlers and `javascript:` links straight
through, so everything rendered from content goes through `sanitize_html` before it is
stored. The work is done by nh3 (Python bindings to the Rust sanitizer ammonia), which
replaced bleach when bleach reached the end of its maintenance: html5lib-based bleach
took half of a 10,000-monograph load, nh3 a few percent.
"""

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"id"},
    "th": {"scope"},
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def sanitize_html(html):
    """Return `html` with every element, attribute and URL scheme outside the allow-list
    removed. Text inside removed elements stays, escaped, except the contents of
    <script> and <style>, which go with them."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_PROTOCOLS),
        strip_comments=True,
        link_rel=None,
    )
