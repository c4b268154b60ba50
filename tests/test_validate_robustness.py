"""Whatever an editor writes, the rules answer with findings inside the file, never a
crash: the body is arbitrary text made of the characters the rules look at."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.publishing.parse import parse_text
from refsite.publishing.validate import validate_document

from .factories import SECTIONS, monograph_text, rule_context

PIECES = st.sampled_from([
    " ", "\n", "\n\n", "0", "1", "5", ".", ",", "-", "–", " to ", "mg", "g", "mcg", "µg",
    "mL", "units", "U", "IU", "/kg", "/day", " a day", " twice a day", " 3 times a day",
    "qd", "hs", "SC", "cc", ">", "<", "<script>", "</script>", "<a href=\"", "javascript:",
    "http://x", "\"", ">", "[", "]", "(", ")", "![", "`", "[^test-label]", "/drugs/x/",
    "cure", "100%", "boxed warning", "## ", "- ", "opioids", "on", "click=",
])
BODIES = st.lists(PIECES, max_size=60).map("".join)
CONTEXT = rule_context()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(BODIES, BODIES)
def test_rules_never_crash_and_point_inside_the_file(dosing_text, side_effects):
    text = monograph_text(sections={**SECTIONS, "Dosing": dosing_text,
                                    "Side effects": side_effects})
    doc = parse_text(text, Path("testazepam.md"))
    line_count = len(text.split("\n"))
    for finding in validate_document(doc, CONTEXT):
        assert 1 <= finding.line <= line_count, finding
        assert finding.col >= 1 and finding.message.strip()
