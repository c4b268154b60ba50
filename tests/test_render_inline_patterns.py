"""The renderer leaves out the inline patterns that cannot match in a section's text;
the HTML is what the converter makes with every pattern: on the shipped content, on one
example for each pattern, and on generated Markdown full of inline syntax."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.publishing.parse import parse_file
from refsite.publishing.render import SectionRenderer

from .factories import PROJECT_CONTENT

SOURCES = {"label-a": (1, "A label")}


def every_pattern(sources=SOURCES):
    """A renderer that tries every inline pattern on every text."""
    renderer = SectionRenderer(sources)
    renderer._inline_needs = {}
    return renderer


@pytest.mark.parametrize("path", sorted((PROJECT_CONTENT / "monographs").glob("*.md")),
                         ids=lambda path: path.stem)
def test_shipped_sections_convert_as_with_every_pattern(path):
    doc = parse_file(path, PROJECT_CONTENT, 10**7)
    sources = {s["id"]: (n, s.get("short") or s["title"])
               for n, s in enumerate(doc.meta.get("sources", []), start=1)}
    pruned, whole = SectionRenderer(sources), every_pattern(sources)
    for section in doc.sections:
        prefix = f"{section.anchor}-"
        assert pruned.convert(section.markdown, prefix) == whole.convert(section.markdown,
                                                                          prefix)


# One text for each pattern that only it renders right.
EXAMPLES = {
    "backtick": "a `code` b", "escape": "a \\*not em\\* b",
    "reference": "[text][r]\n\n[r]: https://example.org/", "link": "[text](https://x.org/)",
    "short_reference": "[r]\n\n[r]: https://example.org/",
    "image_link": "![alt](x.png)", "image_reference": "![alt][r]\n\n[r]: x.png",
    "short_image_ref": "![r]\n\n[r]: x.png",
    "autolink": "<https://example.org/>", "automail": "<a@example.org>",
    "html": "a <b>bold</b> b", "entity": "a &copy; b",
    "linebreak": "one  \ntwo", "linebreak from a tab": "one\t\ntwo",
    "linebreak from a space and a tab": "one \t\ntwo", "linebreak, Windows": "one  \r\ntwo",
    "em_strong": "*em* and **strong**", "em_strong, underscores": "_em_ and __strong__",
}


@pytest.mark.parametrize("text", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_each_pattern_is_tried_where_it_matches(text):
    assert SectionRenderer(SOURCES).convert(text) == every_pattern().convert(text)


def test_patterns_that_cannot_match_are_left_out():
    renderer = SectionRenderer(SOURCES)
    used = renderer._inline_patterns("Take it *daily*.[^label-a]")
    assert "html" not in used and "entity" not in used and "backtick" not in used
    assert "em_strong" in used and "link" in used
    assert len(renderer._inline_patterns("<b>&amp;</b> `x` \\* ![i](x)  \n_")) == len(
        renderer.md.inlinePatterns)


PIECES = st.sampled_from([
    "Take", "it", "daily.", " ", "\n", "\n\n", "\t", "  \n", "\r\n", "*", "_", "**", "__",
    "`", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", "@", "a@example.org",
    "https://example.org/", "[^label-a]", "[^label-a:2.1]", "[r]", "[r]: https://x.org/",
    "&copy;", "&#65;", "<b>", "</b>", "- ", "1. ", "> ", "    ", "| a | b |\n|---|---|\n",
])
MARKDOWN = st.lists(PIECES, min_size=1, max_size=30).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWN)
def test_generated_markdown_converts_as_with_every_pattern(text):
    assert SectionRenderer(SOURCES).convert(text, "s-") == every_pattern().convert(text, "s-")
