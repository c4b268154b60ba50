"""Whatever front matter and Markdown an editor commits, the check and the loader answer
with findings or a clean pass: never an exception, never minutes of work. Generated
inputs are a valid monograph with hostile pieces spliced into its front matter and body,
so they get past the first parse error often enough to reach the rules and the renderer."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.publishing.findings import ContentError
from refsite.publishing.parse import parse_text
from refsite.publishing.validate import validate_document

from .factories import SECTIONS, monograph_text, rule_context

YAML_PIECES = st.sampled_from([
    " ", "\n", "\n  ", "\t", ":", ": ", "- ", "? ", "&a ", "*a", "&b [1, 2]", "*b", "<<: ",
    "1: ", "~: ", "yes: ", "[", "]", "{", "}", ",", "'", '"', '"\\0"', '"\\x1b"', "|", ">",
    "!!python/object:os.system ", "!!binary ", "%YAML 1.1", "---", "...", "#", "x", "slug",
    "2026-13-01", "0.5", "mg/day", "\x00", "\x85", "\ufeff", "\u2028", "é",
])
BODY_PIECES = st.sampled_from([
    " ", "\n", "\n\n", "## ", "### ", "- ", "1. ", "> ", ">", "[", "]", "(", ")", "![",
    "*", "**", "_", "`", "```", "~~~", "<", "</", "<b>", "&amp;", "\\", "|", "---", "\t",
    "[^test-label]", "[x](/drugs/x/)", "0.5 mg", "10mg", "\x00", "\x07", "\u00a0", "é",
])
SPLICES = st.lists(YAML_PIECES, max_size=12).map("".join)
BODIES = st.lists(BODY_PIECES, max_size=80).map("".join)
TEXT = monograph_text()
FRONT_LINES = TEXT.split("\n---\n", 1)[0].split("\n")
CONTEXT = rule_context()


def spliced(splice, at, body):
    lines = list(FRONT_LINES)
    index = 1 + at % (len(lines) - 1)  # after the opening '---'
    lines[index] = lines[index] + splice
    return "\n".join(lines) + "\n---\n\n" + monograph_text(
        sections={**SECTIONS, "Side effects": body}).split("\n---\n", 1)[1]


def check_text(text):
    """Findings for `text` through parse and every rule, as check_content runs them."""
    try:
        doc = parse_text(text, Path("testazepam.md"))
    except ContentError as exc:
        return exc.findings
    return validate_document(doc, CONTEXT)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SPLICES, st.integers(min_value=0), BODIES)
def test_the_check_answers_every_input_with_findings_quickly(splice, at, body):
    text = spliced(splice, at, body)
    started = time.perf_counter()
    findings = check_text(text)
    assert time.perf_counter() - started < 1
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for finding in findings:
        assert 1 <= finding.line <= line_count and finding.col >= 1, finding
        assert finding.message.strip() and finding.path


@pytest.mark.django_db
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(SPLICES, st.integers(min_value=0), BODIES)
def test_the_loader_stores_or_refuses_every_input_quickly(content, splice, at, body):
    content.write(text=spliced(splice, at, body))
    started = time.perf_counter()
    try:
        content.load(check_all=True)
    except ContentError as exc:
        assert exc.findings
    assert time.perf_counter() - started < 2
