"""What a hit shows of its text: about SNIPPET_CHARS characters around the query's
words, escaped, with the words marked.

Snippets are cut here from the best section's text, the same way for both databases:
a second full-text query per page (FTS5 `snippet()`, `ts_headline`) would cost more
than the ranking itself.

Private-use characters mark matches inside snippets: content never contains them (the
index strips them, see `index._text`) and queries cannot carry them (`query.clean`
removes them), so the text can be escaped first and marked up afterwards.
"""

from bisect import bisect_left
from html import escape as escape_text
from itertools import islice

from django.utils.safestring import SafeString

SNIPPET_CHARS = 220

MARK_START = "\ue000"
MARK_END = "\ue001"


# Escaped as django.utils.html.escape does (it calls html.escape), and marked safe as
# mark_safe marks a str (SafeString), without either's lazy-string wrapper, which cost a
# fifth of a snippet; a page cuts twenty.


def highlight(marked):
    """Escape a snippet, then turn the match markers into <mark> elements."""
    html = escape_text(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return SafeString(html)  # escaped on the line above


def lead(text, size=SNIPPET_CHARS):
    """The start of `text`, escaped, cut at a word."""
    if len(text) > size:
        text = text[:size].rsplit(" ", 1)[0] + "…"
    return SafeString(escape_text(text))  # escaped here


def make_snippet(text, terms, size=SNIPPET_CHARS):
    """About `size` characters of `text` around the densest cluster of query words
    (`terms`, a `query.Terms`), with the words marked; the start of the text when none
    is in it."""
    found = list(islice(terms.pattern.finditer(text), 40)) if terms else []
    if not found:
        return lead(text, size)

    def window(match):
        """Start at the sentence holding the match when it starts close enough before
        it, else a few words before it."""
        sentence = text.rfind(". ", max(0, match.start() - size // 2), match.start())
        if sentence != -1:
            return sentence + 2
        start = max(0, match.start() - size // 5)
        return text.rfind(" ", 0, start) + 1 if start else 0

    words = [m.lastgroup for m in found]
    present = len(set(words))
    if present == 1:  # every window holds one word: the first
        start = window(found[0])
    else:
        # The first window holding the most words; none holds more than the text has,
        # so the first that holds them all ends the search.
        starts = [m.start() for m in found]  # in order: finditer's
        most = 0
        for match in found:
            here = window(match)
            first, last = bisect_left(starts, here), bisect_left(starts, here + size)
            held = len(set(words[first:last]))
            if held > most:
                most, start = held, here
                if held == present:
                    break
    end = text.find(" ", start + size)
    end = len(text) if end == -1 else end
    pieces = ["…" if start else ""]
    position = start
    for match in found:
        if match.start() >= position and match.end() <= end:
            pieces += [text[position:match.start()], MARK_START, match.group(), MARK_END]
            position = match.end()
    pieces += [text[position:end], "…" if end < len(text) else ""]
    return highlight("".join(pieces))
