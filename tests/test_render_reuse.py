"""A changed page renders only the sections whose source changed: any other section
takes the HTML published for exactly the same Markdown, anchor, sources and rendering
code, and what is stored is what rendering everything again would store."""

import copy

import pytest

from refsite.monographs.models import Section
from refsite.publishing import render
from refsite.publishing.parse import parse_file
from refsite.publishing.render import render_sections

from .factories import FRONT_MATTER, SECTIONS, calls_to

pytestmark = pytest.mark.django_db

RE_REVIEWED = {"reviewed_on": "2026-05-01", "changes": "Edited for the test."}


@pytest.fixture
def published(content):
    content.write()
    content.load()
    return content


def _rendered(monkeypatch):
    """The Markdown of every section rendered from now on."""
    return calls_to(monkeypatch, render.SectionRenderer, "render",
                    lambda renderer, text, *args: text)


def _stored():
    return list(Section.objects.order_by("position").values_list(
        "title", "anchor", "html", "text", "source_hash"))


def _rendered_afresh(content):
    """The rows rendering every section of the file again would store."""
    doc = parse_file(content.root / "monographs" / "testazepam.md", content.root, 10**6)
    return [(s.title, s.anchor, s.html, s.text, s.fingerprint) for s in render_sections(doc)]


def test_an_edit_to_one_section_renders_that_section_alone(published, monkeypatch):
    rendered = _rendered(monkeypatch)
    edited = "Drowsiness and tiredness are common.[^test-label]"
    published.write(sections={**SECTIONS, "Side effects": edited}, **RE_REVIEWED)
    result, _ = published.load()
    assert result.changed == ["testazepam"]
    assert [text.strip() for text in rendered] == [edited]
    assert _stored() == _rendered_afresh(published)
    assert "tiredness" in Section.objects.get(title="Side effects").html


def test_an_edit_to_the_front_matter_alone_renders_nothing(published, monkeypatch):
    rendered = _rendered(monkeypatch)
    before = _stored()
    published.write(summary="Testazepam is a made-up medicine, for tests only.",
                    **RE_REVIEWED)
    result, _ = published.load()
    assert result.changed == ["testazepam"] and rendered == []
    assert _stored() == before


def test_a_renamed_source_renders_every_section_citing_it_again(published, monkeypatch):
    rendered = _rendered(monkeypatch)
    sources = copy.deepcopy(FRONT_MATTER["sources"])
    sources[0]["short"] = "TESTOPIN tablets label"
    published.write(sources=sources, **RE_REVIEWED)
    published.load()
    assert len(rendered) == len(SECTIONS)
    assert _stored() == _rendered_afresh(published)
    assert all("TESTOPIN tablets label" in html for _, _, html, _, _ in _stored())


def test_other_rendering_code_renders_every_section_again(published, monkeypatch):
    rendered = _rendered(monkeypatch)
    monkeypatch.setattr(render, "RENDERING", "another release's rendering")
    published.write(summary="Testazepam is a made-up medicine, for tests only.",
                    **RE_REVIEWED)
    published.load()
    assert len(rendered) == len(SECTIONS)
    assert _stored() == _rendered_afresh(published)


def test_sections_stored_without_a_fingerprint_are_rendered_again(published, monkeypatch):
    Section.objects.update(source_hash="")  # as a release before fingerprints stored them
    rendered = _rendered(monkeypatch)
    published.write(summary="Testazepam is a made-up medicine, for tests only.",
                    **RE_REVIEWED)
    published.load()
    assert len(rendered) == len(SECTIONS)
    assert all(row[4] for row in _stored())


def test_the_html_is_taken_only_for_the_same_anchor(published, monkeypatch):
    """The anchor prefixes the ids of the section's headings: the same Markdown under
    another title is rendered for its own anchor."""
    rendered = _rendered(monkeypatch)
    sections = {**SECTIONS, "Overdose": SECTIONS["Side effects"]}
    published.write(sections=sections, **RE_REVIEWED)
    published.load()
    assert [text.strip() for text in rendered] == [SECTIONS["Side effects"]]
    assert _stored() == _rendered_afresh(published)
