"""Markdown safety: what the sanitizer would drop is an error at its line; links lead
somewhere real and safe."""

import html5lib
import pytest

from refsite.publishing.findings import ContentError
from refsite.publishing.sanitize import sanitize_html
from refsite.publishing.validate.markup import problems

from .factories import findings, render_fragment, with_section
from .test_sanitize import XSS_VECTORS


def with_text(content, text, slug="testazepam"):
    return with_section(content, "Side effects", f"Drowsy.[^test-label]\n\n{text}", slug)


def test_plain_markdown_with_https_links_passes(content):
    with_text(content, "See [the label](https://example.org/label) and **bold** text.")
    assert findings(content.check(), "HTML", "LINK") == []


@pytest.mark.parametrize("text, code, snippet", [
    ("<script>alert(1)</script>", "HTML001", "<script>"),
    ("<iframe src=\"https://example.org\"></iframe>", "HTML001", "<iframe"),
    ("<style>p {color: red}</style>", "HTML001", "<style>"),
    ("<div>boxed</div>", "HTML001", "<div>"),
    ("<p style=\"color: red\">x</p>", "HTML001", "style="),
    ("![pill](https://example.org/pill.png)", "HTML001", "![pill]"),
    ("<a href=\"https://example.org\" onclick=\"steal()\">x</a>", "HTML002", "onclick"),
    ("<b onmouseover=alert(1)>x</b>", "HTML002", "onmouseover"),
    ("[x](javascript:alert(1))", "HTML003", "javascript:"),
    ("<a href=\"data:text/html;base64,xx\">x</a>", "HTML003", "data:"),
    ("[x][ref]\n\n[ref]: vbscript:msgbox(1)", "HTML003", "vbscript:"),
    ("[x](http://example.org/label)", "LINK002", "http://"),
    ("[x](/drugs/nosuchdrug/)", "LINK001", "/drugs/nosuchdrug/"),
])
def test_unsafe_or_broken_markup_is_an_error_at_its_line_and_column(content, text, code,
                                                                    snippet):
    path = with_text(content, text)
    [finding, *_] = findings(content.check(), code)
    line = path.read_text().splitlines()[finding.line - 1]
    assert line[finding.col - 1:].startswith(snippet)


def test_an_internal_link_to_an_existing_monograph_passes(content):
    content.write("beta")
    with_text(content, "Compare [beta](/drugs/beta/#dosing).", slug="alpha")
    assert findings(content.check(), "HTML", "LINK") == []


def test_checking_one_file_still_knows_the_other_monographs(content):
    content.write("beta")
    path = with_text(content, "Compare [beta](/drugs/beta/).", slug="alpha")
    assert findings(content.check([path]), "HTML", "LINK") == []


def test_html_in_inline_code_is_shown_as_text_and_passes(content):
    with_text(content, "Write `<script>` as text.")
    assert findings(content.check(), "HTML", "LINK") == []


def test_html_between_fence_lines_is_still_html_because_the_renderer_has_no_fences(content):
    with_text(content, "```\n<iframe>\n```")
    assert [f.code for f in findings(content.check(), "HTML", "LINK")] == ["HTML001"]


def test_allowed_inline_html_passes(content):
    with_text(content, "Water is H<sub>2</sub>O; see <abbr title=\"gamma\">GABA</abbr>.")
    assert findings(content.check(), "HTML", "LINK") == []


@pytest.mark.django_db
def test_the_loader_refuses_unsafe_html_instead_of_dropping_it(content):
    with_text(content, "<iframe src=\"https://example.org\"></iframe>")
    with pytest.raises(ContentError) as exc:
        content.load()
    assert [f.code for f in exc.value.findings] == ["HTML001"]


def _significant(html):
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return [(e.tag, sorted(e.attrib.items())) for e in fragment.iter()
            if isinstance(e.tag, str)]


def _sanitizer_removes_something(vector):
    rendered = render_fragment(vector, {})
    return _significant(sanitize_html(rendered)) != _significant(rendered)


# The sanitizer's own attack corpus, minus the vectors that render as harmless text.
STRIPPED_VECTORS = [v for v in XSS_VECTORS if _sanitizer_removes_something(v)]


def test_most_of_the_corpus_is_markup_the_sanitizer_removes():
    assert len(STRIPPED_VECTORS) >= 50


@pytest.mark.parametrize("vector", STRIPPED_VECTORS)
def test_whatever_the_sanitizer_would_remove_the_check_reports(vector):
    """The rule and the sanitizer share one allow-list: any vector whose rendering loses
    an element, attribute or URL in sanitizing is reported."""
    assert problems(vector, frozenset()), vector
