"""Rendering: citations become numbered links, headings get anchors."""

from pathlib import Path

from refsite.publishing.parse import parse_text
from refsite.publishing.render import render_document

from .factories import monograph_text, render_fragment


def test_citation_becomes_a_numbered_link_to_the_source_list():
    sources = {"label-a": (1, "A label"), "label-b": (2, "B label")}
    html = render_fragment("Fact.[^label-b]", sources)
    assert '<sup><a href="#source-label-b" title="Source 2: B label">[2]</a></sup>' in html


def test_citation_with_a_label_section_names_the_section():
    html = render_fragment("Fact.[^label-a:2.1]", {"label-a": (1, "KLONOPIN label")})
    assert ('<sup><a href="#source-label-a" title="KLONOPIN label, section 2.1">'
            "[1 \u00a72.1]</a></sup>") in html


def test_citation_inside_code_is_left_as_text():
    html = render_fragment("`[^label-a]`", {"label-a": (1, "A label")})
    assert "<code>[^label-a]</code>" in html


def test_subheadings_get_anchors_prefixed_by_their_section():
    html = render_fragment("### Children", {}, id_prefix="dosing-")
    assert '<h3 id="dosing-children">Children</h3>' in html


def test_render_document_returns_sanitized_sections_with_plain_text():
    text = monograph_text(sections={
        "Indications": "Seizures.[^test-label] <script>alert(1)</script>",
    })
    doc = parse_text(text, Path("testazepam.md"))
    [section] = render_document(doc).sections
    assert section.anchor == "indications"
    assert "<script>" not in section.html
    assert section.text.startswith("Seizures.[1]")


def test_table_header_cells_head_their_columns():
    html = render_fragment("| Dose | Rate |\n|---|---|\n| 1 mg | 5% |\n")
    assert '<th scope="col">Dose</th>' in html and '<th scope="col">Rate</th>' in html
