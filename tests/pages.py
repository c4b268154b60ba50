"""Structural checks every HTML page must pass, with a real HTML5 parser."""

import re

import html5lib

# HTML's valid date or global date-and-time strings (vnu rejects anything else).
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$")


def parse_page(html):
    """Parse `html` strictly (any HTML5 parse error fails) and check the structure that
    assistive technology relies on. Returns the element tree."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(html)
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert sorted({i for i in ids if ids.count(i) > 1}) == [], "duplicate ids"
    assert len(doc.findall(".//h1")) == 1, "exactly one h1"
    assert len(doc.findall(".//main")) == 1, "one main landmark"
    for nav in doc.iter("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby"), "unlabelled nav"
    for time in doc.iter("time"):
        assert DATETIME_RE.match(time.get("datetime", "")), time.get("datetime")
    for th in doc.iter("th"):
        assert th.get("scope"), "table header without scope"
    for anchor in doc.iter("a"):
        href = anchor.get("href", "")
        if href.startswith("#") and len(href) > 1:
            assert href[1:] in ids, f"link to missing id {href}"
    return doc


def text_of(element):
    return " ".join("".join(element.itertext()).split())
