"""The prose helpers every wording rule reads through: the patterns written for speed
find exactly what their plain forms find, and blanking keeps every offset."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.publishing.validate import prose
from refsite.publishing.validate.markup import problems

# The plain forms, as first written: slower (the engine tried them at every character).
PLAIN_INLINE_CODE_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`)")
PLAIN_LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s[^)]*)?\)"
)

# Text made of the characters these patterns turn on, so matches, near misses and
# overlaps are common.
MARKDOWN = st.text(alphabet="`![]()<>:^ \t\nax-", max_size=60)


def blank_by_character(text, spans):
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab \n", max_size=40))
    bound = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(bound, bound), max_size=6))
    return text, [(min(pair), max(pair)) for pair in pairs]


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_blank_spaces_out_exactly_the_spans_characters(case):
    text, spans = case
    assert prose.blank(text, spans) == blank_by_character(text, spans)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_inline_code_is_found_as_the_plain_pattern_finds_it(text):
    found = [(m.span(), m.group("ticks")) for m in prose.INLINE_CODE_RE.finditer(text)]
    plain = [(m.span(), m.group("ticks")) for m in PLAIN_INLINE_CODE_RE.finditer(text)]
    assert found == plain


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_links_and_images_are_found_as_the_plain_pattern_finds_them(text):
    found = [(m.start() - prose.image_before(text, m), m.end(), prose.image_before(text, m),
              m.group("text"), m.span("url")) for m in prose.LINK_RE.finditer(text)]
    plain = [(m.start(), m.end(), bool(m.group("image")), m.group("text"), m.span("url"))
             for m in PLAIN_LINK_RE.finditer(text)]
    assert found == plain


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_reference_links_are_every_match_of_the_pattern(text):
    assert ([m.span() for m in prose.reference_links(text)]
            == [m.span() for m in prose.REFERENCE_RE.finditer(text)])


def test_an_image_is_reported_at_its_exclamation_mark():
    text = "See [the label](https://example.org) and ![a chart](chart.png) here."
    found = [item for item in problems(text, slugs=set()) if item[0] == "HTML001"]
    assert [(code, offset) for code, offset, _ in found] == [("HTML001", text.index("!["))]
