"""sanitize_tree gives exactly what sanitize_html gives for the HTML a tree is written
as, or declines: on generated trees, on generated Markdown through the renderer, and for
each kind of tree it declines, because a parser would indeed read that tree's HTML back
as another."""

import xml.etree.ElementTree as etree

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.serializers import to_html_string

from refsite.publishing.render import SectionRenderer
from refsite.publishing.sanitize import sanitize_html, sanitize_tree


def written(fragment):
    """The HTML of `fragment`'s content as Python-Markdown writes it."""
    root = etree.Element("div")
    root.text = fragment.text
    root.extend(fragment)
    return to_html_string(root)[len("<div>"):-len("</div>")]


def tree(html):
    """An ElementTree fragment of `html`, built by Python's own XML parser (so it is not
    the HTML parser's reading of it)."""
    return etree.fromstring(f"<div>{html}</div>")


TEXT = st.lists(st.sampled_from([
    "Take", " ", "1 mg", "\n", "\t", "&", "&amp;", "&copy", "&#65;", "&#x41", "<", ">", "\"",
    "'", "\u00a0", "\ue000", "\u200b", "\r", "\x00", "\x0c", "\x85", "\ufdd0", "\U0001f48a",
    "\ufffd", "§", "*", "[", "]", "javascript:", "  ",
]), max_size=5).map("".join)
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["href", "title", "id", "scope", "style", "onclick", "src", "align"]),
    st.one_of(TEXT, st.sampled_from(["https://example.org/x", "javascript:alert(1)",
                                     "#source-a", "col", "mailto:a@b.c", "data:x"])),
    max_size=3)
TAGS = st.sampled_from([
    "a", "abbr", "br", "code", "em", "strong", "sup", "sub", "b", "i", "p", "h3", "h4", "h6",
    "blockquote", "ul", "ol", "li", "pre", "hr", "table", "thead", "tbody", "tfoot", "tr",
    "th", "td", "caption", "dl", "dt", "dd", "div", "h1", "h2", "img", "span", "script",
])


def element(children):
    return st.builds(_element, TAGS, ATTRIBUTES, TEXT, TEXT, children)


def _element(tag, attributes, text, tail, children):
    made = etree.Element(tag, attributes)
    made.text, made.tail = text or None, tail or None
    made.extend(children)
    return made


ELEMENTS = st.recursive(element(st.just([])),
                        lambda inner: element(st.lists(inner, max_size=4)), max_leaves=12)
FRAGMENTS = st.builds(lambda text, children: _element("div", {}, text, "", children),
                      TEXT, st.lists(ELEMENTS, max_size=4))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=FRAGMENTS)
def test_a_tree_sanitizes_as_its_html_does_or_is_declined(fragment):
    html = written(fragment)
    fast = sanitize_tree(fragment)
    assert fast is None or fast == sanitize_html(html)


# Trees a renderer makes every day: sanitize_tree must not decline them, or it saves
# nothing.
EVERYDAY = [
    "Take <strong>1 mg</strong> daily.",
    "\n<p>One <em>two</em> <a href=\"https://example.org/\" title=\"A label\">three</a>"
    "<sup><a href=\"#source-a\" title=\"Source 1: A\">[1]</a></sup></p>\n",
    "<h3 id=\"dosing-adults\">Adults</h3>\n<ul>\n<li>one</li>\n<li><p>two</p>\n"
    "<ol>\n<li>x</li>\n</ol>\n</li>\n</ul>",
    "<table>\n<thead>\n<tr>\n<th scope=\"col\">Dose</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
    "<td>1 mg &lt; 2 mg &amp; more</td>\n</tr>\n</tbody>\n</table>",
    "<blockquote>\n<p>Quoted <code>x &lt; y</code></p>\n</blockquote>\n<hr />\n"
    "<pre><code>a\nb\n</code></pre>",
]


@pytest.mark.parametrize("html", EVERYDAY)
def test_everyday_trees_are_sanitized_as_their_html_is(html):
    fragment = tree(html)
    assert sanitize_tree(fragment) == sanitize_html(written(fragment))


def read_back(html):
    """`html` parsed as bleach parses it, then written as Python-Markdown writes."""
    parsed = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return written(parsed)


# Each kind of tree sanitize_tree declines, as HTML whose tree the parser would not
# give back as written.
DECLINED = {
    "a block in a paragraph": "<p>a<ul><li>b</li></ul>c</p>",
    "a table in a paragraph": "<p>a<table><tbody><tr><td>b</td></tr></tbody></table></p>",
    "a link in a link": "<a href=\"#a\">a<em><a href=\"#b\">b</a></em></a>",
    "a heading in a heading": "<h3>a<h4>b</h4></h3>",
    "a row without a body": "<table><tr><td>a</td></tr></table>",
    "a cell without a row": "<table><tbody><td>a</td></tbody></table>",
    "words between table rows": "<table><tbody>a<tr><td>b</td></tr></tbody></table>",
    "a list item alone": "<li>a</li><li>b<li>c</li></li>",
    "a line feed first in pre": "<pre>\nline</pre>",
    "a carriage return": "<p>a\rb</p>",
    "a NUL": "<p>a\x00b</p>",
}


@pytest.mark.parametrize("html", DECLINED.values(), ids=DECLINED.keys())
def test_declined_trees_are_read_back_otherwise(html):
    fragment = etree.Element("div")
    if "\x00" in html or "\r" in html:
        fragment.append(_element("p", {}, html[3:-4], "", []))
    else:
        fragment = tree(html)
    assert sanitize_tree(fragment) is None
    assert read_back(written(fragment)) != written(fragment)


@pytest.mark.parametrize("html", [
    "<div>a</div>", "<h1>a</h1>", "<img src=\"x\" />", "<p><span>a</span></p>",
])
def test_elements_outside_the_allow_list_are_left_to_the_parse(html):
    assert sanitize_tree(tree(html)) is None


@pytest.mark.parametrize("value", ["a&b", "a<b", "a>b", "a\"b", "a'b", "a\x01b"])
def test_attribute_values_the_writer_escapes_are_left_to_the_parse(value):
    fragment = tree("<p><abbr>x</abbr></p>")
    fragment[0][0].set("title", value)
    assert sanitize_tree(fragment) is None


# Markdown as editors write it, without raw HTML, so the renderer takes the tree path;
# and what tends to break it (nested links, images, headings outside the allow-list,
# code with entities, hard breaks, autolinks and e-mail addresses).
WORDS = st.sampled_from([
    "Take", "it", "daily.", "&", "<", ">", "\"", "'", "x&y", "a*b", "5 < 10", "&copy",
    "&#65", "§", "\u00a0", "\U0001f48a", "[^label-a]", "[^label-b:2.1]", "[^unknown]",
    "[link](https://example.org/?a=1&b=2)", "[js](javascript:alert(1))",
    "[a [b](#b)](#a)", "![img](x.png)", "<https://example.org/>", "<a@example.org>",
    "`code & <b>`", "*em*", "**strong**", "_u_", "\\*", "  \n", "[ref]", "[^"])
LINE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    LINE,
    LINE.map(lambda line: f"### {line}"),
    LINE.map(lambda line: f"# {line}"),
    LINE.map(lambda line: f"- {line}\n    - nested {line}\n- two"),
    LINE.map(lambda line: f"1. {line}\n\n2. loose"),
    LINE.map(lambda line: f"> {line}\n> - in a quote"),
    LINE.map(lambda line: f"| A | B |\n|:--|--:|\n| {line.replace('|', '/')} | 2 |"),
    LINE.map(lambda line: f"    {line}"),
    st.just("* * *"),
    st.just("[ref]: https://example.org/ref"),
)
MARKDOWN = st.lists(BLOCK, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWN)
def test_generated_markdown_renders_as_sanitizing_its_html_does(text):
    renderer = SectionRenderer({"label-a": (1, "A label"), "label-b": (2, "B & label")})
    assert renderer.render(text, "s-") == sanitize_html(renderer.convert(text, "s-"))
