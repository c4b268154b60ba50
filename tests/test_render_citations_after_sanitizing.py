"""Citation links put in after sanitizing give exactly the HTML that sanitizing them with
the rest gives: on every section of the shipped content and on generated Markdown with
citations in every kind of place, raw HTML, awkward source names and marker characters
included."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.publishing.parse import parse_file
from refsite.publishing.render import SectionRenderer
from refsite.publishing.sanitize import sanitize_html

from .factories import PROJECT_CONTENT


def _sources(doc):
    return {s["id"]: (n, s.get("short") or s["title"])
            for n, s in enumerate(doc.meta.get("sources", []), start=1)}


def _both(renderer, text, prefix=""):
    return renderer.render(text, prefix), sanitize_html(renderer.convert(text, prefix))


@pytest.mark.parametrize("path", sorted((PROJECT_CONTENT / "monographs").glob("*.md")),
                         ids=lambda path: path.stem)
def test_every_shipped_section_renders_as_sanitizing_it_whole_does(path):
    doc = parse_file(path, PROJECT_CONTENT, 10**7)
    renderer = SectionRenderer(_sources(doc))
    for section in doc.sections:
        fast, whole = _both(renderer, section.markdown, f"{section.anchor}-")
        assert fast == whole, section.title


def test_the_shipped_citations_are_put_in_after_sanitizing():
    """The comparison above means something only if most links take the late path."""
    path = PROJECT_CONTENT / "monographs" / "clonazepam.md"
    doc = parse_file(path, PROJECT_CONTENT, 10**7)
    renderer = SectionRenderer(_sources(doc))
    renderer.citations.processor.late = []
    html = renderer.convert(doc.section("Dosing").markdown)
    assert len(renderer.citations.processor.late) > 5 and "<sup>" not in html


NAMES = st.sampled_from([
    "KLONOPIN label", "A & B label", 'The "best" label', "O'Brien's label", "<b>bold</b>",
    "non\u00a0breaking", "tab\there", "line\nbreak", "private \ue000 use", "end \ue001",
    "amp &amp; entity", "emoji \U0001f48a", "", " ", "null \x00 char"])
IDS = st.sampled_from(["label-a", "label-b", "unknown"])
CITATION = st.builds(lambda key, section: f"[^{key}{section}]", IDS,
                     st.sampled_from(["", ":2", ":2.1", ":10.4.1"]))
WORDS = st.sampled_from(["Take", "it", "daily.", "&", "<", ">", "\"", "'", "x&y", "a*b",
                         "\ue000", "\ue0010\ue001", "\ue0000\ue001", "§", "[1]", "[^"])
INLINE = st.one_of(
    CITATION, WORDS,
    st.builds(lambda c: f"*{c}*", CITATION), st.builds(lambda c: f"**a {c}**", CITATION),
    st.builds(lambda c: f"[see {c}](https://example.org/)", CITATION),
    st.builds(lambda c: f"`{c}`", CITATION),
    st.builds(lambda c: f"<abbr title=\"x\">{c}</abbr>", CITATION),
    st.builds(lambda c: f"<a href=\"#x\">{c}</a>", CITATION),
    st.sampled_from(["&amp;", "&nbsp;", "&#167;", "<br>", "<!-- note -->", "<script>x</script>"]),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    LINE,
    LINE.map(lambda line: f"### {line}"),
    LINE.map(lambda line: f"- {line}\n- two {line}"),
    LINE.map(lambda line: f"1. {line}"),
    LINE.map(lambda line: f"> {line}"),
    LINE.map(lambda line: f"| A | B |\n|---|---|\n| {line.replace('|', '/')} | 2 |"),
    LINE.map(lambda line: f"    {line}"),
    LINE.map(lambda line: f"<div>\n{line}\n</div>"),
)
MARKDOWN = st.lists(BLOCK, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWN, first=NAMES, second=NAMES)
def test_generated_markdown_renders_as_sanitizing_it_whole_does(text, first, second):
    renderer = SectionRenderer({"label-a": (1, first), "label-b": (2, second)})
    fast, whole = _both(renderer, text, "s-")
    assert fast == whole


def test_content_holding_a_marker_is_rendered_whole():
    renderer = SectionRenderer({"label-a": (1, "A label")})
    text = "Keep \ue0000\ue001 as written.[^label-a]"
    fast, whole = _both(renderer, text)
    assert fast == whole
    assert "\ue0000\ue001" in fast and '<sup><a href="#source-label-a"' in fast
