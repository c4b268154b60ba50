"""The gate against edits that would otherwise publish quietly: each is an error at its
line, and the text it must not flag still passes."""

import pytest

from refsite.monographs.models import Monograph
from refsite.publishing import run
from refsite.publishing.findings import ContentError
from refsite.publishing.parse import parse_file
from refsite.publishing.validate import validate

from .factories import SECTIONS, findings, front_matter, monograph_text, rule_context


def line_of(path, snippet):
    """1-based number of the first line of the file at `path` containing `snippet`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if snippet in text)


# --- CITE001: every section with text cites a source ------------------------------------

@pytest.mark.parametrize("title", ["Contraindications", "Interactions",
                                   "Pregnancy and breastfeeding", "Overdose", "Storage"])
def test_an_optional_section_without_a_citation_is_an_error_at_its_heading(content, title):
    path = content.write(sections={**SECTIONS, title: "Avoid with alcohol."})
    [finding] = findings(content.check(), "CITE001")
    assert finding.line == line_of(path, f"## {title}")
    assert title in finding.message and finding.is_error


def test_a_cited_optional_section_passes(content):
    content.write(sections={**SECTIONS, "Interactions": "Avoid with alcohol.[^test-label]",
                            "Storage": "Keep at room temperature.[^test-label]"})
    assert content.check().findings == []


# --- CITE005: a source date in the future (the check runs on 2026-06-01) ---------------

def source(**changes):
    return [{**front_matter()["sources"][0], **changes}]


@pytest.mark.parametrize("key, value", [
    ("effective", "2026-06-02"), ("read_on", "2027-01-01"), ("revised", "2026-07"),
    ("revised", "2026-06-02"),
])
def test_a_source_date_after_today_is_an_error_at_its_line(content, key, value):
    path = content.write(sources=source(**{key: value}))
    [finding] = findings(content.check(), "CITE005")
    assert finding.line == line_of(path, f"{key}: ")
    assert value in finding.message and finding.is_error


@pytest.mark.parametrize("key, value", [
    ("effective", "2026-06-01"), ("read_on", "2026-05-31"), ("revised", "2026-06"),
    ("revised", "2026-05"),
])
def test_a_source_date_up_to_today_passes(content, key, value):
    content.write(sources=source(**{key: value}))
    assert content.check().findings == []


def test_each_future_date_of_each_source_is_reported(content):
    second = {**front_matter()["sources"][0], "id": "second-label",
              "set_id": "00000000-1111-2222-3333-555555555555", "effective": "2030-01-01",
              "read_on": "2030-01-02"}
    content.write(sources=source(revised="2031-01") + [second],
                  sections={**SECTIONS, "Storage": "Dry.[^second-label]"})
    reported = sorted(f.message.split(":")[1].split()[0]
                      for f in findings(content.check(), "CITE005"))
    assert reported == ["effective", "read_on", "revised"]


# --- SUMMARY001: no dose in the patient summary -----------------------------------------

PLAIN = "Testazepam is a made-up medicine used only in tests."


@pytest.mark.parametrize("dose", ["0.5 mg twice a day", "20 mg a day", "1 g", "5 mL",
                                  "10 units", "10mg", ".5 mg", "0,5 mg", "2.5 mg/mL",
                                  "250 micrograms", "5 ug"])
def test_a_dose_in_the_summary_is_an_error_at_its_line_and_column(content, dose):
    path = content.write(summary=f"{PLAIN} Adults take {dose}.")
    [finding] = findings(content.check(), "SUMMARY001")
    line = line_of(path, "summary:")
    assert (finding.line, finding.col) == (line, path.read_text().splitlines()[line - 1]
                                           .index(dose.split()[0]) + 1)
    assert finding.is_error and "Dosing" in finding.message


def test_a_dose_on_a_folded_line_is_reported_where_it_is_written(content):
    text = monograph_text(summary=PLAIN).replace(
        f"summary: {PLAIN}",
        "summary: >-\n  Testazepam 2 is a made-up medicine used\n  only in tests; take 2 mg.")
    path = content.write(text=text)
    [finding] = findings(content.check(), "SUMMARY001")
    line = line_of(path, "take 2 mg")
    column = path.read_text().splitlines()[line - 1].index("2 mg") + 1
    assert (finding.line, finding.col) == (line, column)


@pytest.mark.parametrize("summary", [
    PLAIN, f"{PLAIN} It treats type 2 seizure disorders in people over 18 years.",
    f"{PLAIN} Take it once a day, 2 hours after a meal.",
])
def test_a_summary_without_a_dose_passes(content, summary):
    content.write(summary=summary)
    assert content.check().findings == []


def test_the_summary_is_checked_when_other_keys_are_broken(content):
    content.write(drug_class=None, sources="not a list", summary=f"{PLAIN} Take 3 mg.")
    assert findings(content.check(), "SUMMARY001")


# --- FM007: markup in a front-matter string ---------------------------------------------

def change(meta, path, value):
    """`meta` with the string at key `path` replaced by `value`."""
    target = meta
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return meta


EVERY_KIND_OF_STRING = [
    ("summary",), ("generic_name",), ("brand_names", 0), ("synonyms", 0), ("misspellings", 0),
    ("drug_class",),
    ("reviewed_by",), ("changes",), ("boxed_warning", 0, "title"), ("boxed_warning", 0, "plain"),
    *[("sources", 0, key) for key in ("title", "short", "url", "holder")],
    *[("dosing", 0, key) for key in ("indication", "population", "route", "frequency")],
    ("dosing", 0, "titration", "every"), ("dosing", 0, "note"),
]


@pytest.mark.parametrize("path", EVERY_KIND_OF_STRING, ids=lambda p: ".".join(map(str, p)))
def test_markup_in_any_front_matter_string_is_an_error_at_its_key(content, path):
    meta = front_matter(changes="First version.", misspellings=["tesstazepam"])
    meta["dosing"][0]["note"] = "Take with food."
    original = meta
    for key in path:
        original = original[key]
    change(meta, path, original + " <b>x</b>")
    written = content.write(text=monograph_text(meta=meta))
    lines = written.read_text().splitlines()
    [finding] = findings(content.check(), "FM007")
    key_line = parse_file(written, content.root, 10**6).line_of(*path)
    # the key's line, or the next line when YAML folds a long value there
    assert finding.line == next(n for n in range(key_line, len(lines) + 1)
                                if "<b>" in lines[n - 1])
    assert lines[finding.line - 1][finding.col - 1:].startswith("<b>")
    assert finding.is_error and "<b>" in finding.message


@pytest.mark.parametrize("markup", ["<i>x</i>", "</p>", "<!-- note -->", "<!DOCTYPE html>",
                                    "<?php ?>", "&amp;", "&nbsp;", "&#60;", "&#x3C;"])
def test_every_kind_of_markup_is_an_error(content, markup):
    content.write(drug_class=f"Benzodiazepine {markup}")
    [finding] = findings(content.check(), "FM007")
    assert markup.split()[0] in finding.message


@pytest.mark.parametrize("text", ["Procter & Gamble", "R&D reviewers", "a < b",
                                  "fewer than 5 <3 kids", "Drug & Co; checked",
                                  "1 > 0", "x &y"])
def test_plain_ampersands_and_angle_brackets_pass(content, text):
    content.write(reviewed_by=text)
    assert findings(content.check(), "FM007") == []


def test_markup_is_reported_whatever_else_is_broken(content):
    meta = front_matter(sources=[{"id": "x", "title": "<b>Label</b>"}], summary=7,
                        status="published", dosing="none",
                        boxed_warning=[{"nested": ["<script>alert(1)</script>"]}])
    content.write(text=monograph_text(meta=meta))
    reported = [f.message.split(":")[0] for f in findings(content.check(), "FM007")]
    assert sorted(reported) == ["boxed_warning.0.nested.0", "sources.0.title"]


# --- LINK003: a published page never links to a draft -----------------------------------

@pytest.mark.parametrize("link, snippet", [
    ("[see beta](/drugs/beta/)", "/drugs/beta/"),
    ("<a href=\"/drugs/beta/#dosing\">beta</a>", "/drugs/beta/#dosing"),
    ("[see beta][b]\n\n[b]: /drugs/beta/", "/drugs/beta/"),
])
def test_a_published_page_linking_to_a_draft_is_an_error_at_the_link(content, link, snippet):
    content.write("beta", status="draft")
    path = content.write("alpha", sections={**SECTIONS, "Interactions":
                                            f"Not with beta.[^test-label] {link}"})
    [finding] = findings(content.check(), "LINK003")
    line = line_of(path, snippet)
    assert (finding.path, finding.line) == ("content/monographs/alpha.md", line)
    assert path.read_text().splitlines()[line - 1][finding.col - 1:].startswith(snippet)
    assert finding.is_error and "beta" in finding.message


def test_links_to_published_pages_and_links_between_drafts_pass(content):
    content.write("beta", status="draft", sections={**SECTIONS, "Interactions":
                                                    "See [gamma](/drugs/gamma/).[^test-label]"})
    content.write("gamma", status="draft")
    content.write("alpha", sections={**SECTIONS, "Interactions":
                                     "See [delta](/drugs/delta/).[^test-label]"})
    content.write("delta")
    assert findings(content.check(), "LINK") == []


def test_a_partial_check_does_not_guess_the_status_of_files_it_did_not_read(content):
    content.write("beta", status="draft")
    path = content.write("alpha", sections={**SECTIONS, "Interactions":
                                            "See [beta](/drugs/beta/).[^test-label]"})
    assert findings(content.check([path]), "LINK") == []


@pytest.mark.django_db
def test_an_incremental_load_knows_the_status_of_the_unchanged_draft(content):
    content.write("beta", status="draft")
    content.write("alpha")
    content.load()
    content.write("alpha", sections={**SECTIONS, "Interactions":
                                     "See [beta](/drugs/beta/).[^test-label]"},
                  reviewed_on="2026-05-01", changes="Added interactions.")
    with pytest.raises(ContentError) as refused:
        content.load()
    assert [f.code for f in refused.value.findings] == ["LINK003"]


# --- REVIEW004: a published page that changed needs a new review ------------------------

EDITED = "Testazepam is a made-up medicine. This summary was edited after the review."


def republished(content, **overrides):
    """Check the test monograph (with `overrides`) against a published state of the
    unedited one: reviewed on 2026-01-10, its revision's change line 'First version.'."""
    published = content.write(changes="First version.")
    state = parse_file(published, content.root, 10**6)
    path = content.write(**{"changes": "First version.", **overrides})
    doc = parse_file(path, content.root, 10**6)
    context = rule_context(published={"testazepam": (state.content_hash, "2026-01-10",
                                                     "First version.")})
    return path, [f for f in validate([doc], context) if f.code == "REVIEW004"]


@pytest.mark.parametrize("reviewed_on", ["2026-01-10", "2025-12-01"])
def test_a_changed_page_without_a_later_review_is_an_error_at_reviewed_on(content,
                                                                           reviewed_on):
    path, [finding] = republished(content, summary=EDITED, reviewed_on=reviewed_on,
                                  changes="Summary reworded.")
    assert finding.line == line_of(path, "reviewed_on:")
    assert "review of 2026-01-10" in finding.message and finding.is_error


def test_a_changed_page_with_the_published_change_line_is_an_error_at_changes(content):
    path, [finding] = republished(content, summary=EDITED, reviewed_on="2026-05-01")
    assert finding.line == line_of(path, "changes:")


def test_a_changed_page_without_a_change_line_is_an_error_at_status(content):
    path, [finding] = republished(content, summary=EDITED, reviewed_on="2026-05-01",
                                  changes=None)
    assert finding.line == line_of(path, "status:")


def test_an_edit_with_both_problems_is_told_both(content):
    _, found = republished(content, summary=EDITED)
    assert len(found) == 2


@pytest.mark.parametrize("overrides", [
    {"summary": EDITED, "reviewed_on": "2026-05-01", "changes": "Summary reworded."},
    {},  # unchanged: same hash, nothing to review
    {"summary": EDITED, "status": "draft"},  # a draft is not published by this load
    {"summary": EDITED, "slug": "other", "generic_name": "other"},  # not published yet
])
def test_a_new_review_or_no_published_change_passes(content, overrides):
    _, found = republished(content, **overrides)
    assert found == []


def test_check_content_knows_no_published_state(content):
    content.write(summary=EDITED)
    result = content.check()
    assert result.context.published == {} and result.findings == []


@pytest.mark.django_db
def test_the_loader_refuses_an_edit_of_a_published_page_without_a_new_review(content):
    content.write(changes="First version.")
    content.load()
    path = content.write(changes="First version.", summary=EDITED)
    with pytest.raises(ContentError) as refused:
        content.load()
    assert sorted((f.code, f.line) for f in refused.value.findings) == sorted([
        ("REVIEW004", line_of(path, "changes:")), ("REVIEW004", line_of(path, "reviewed_on:"))])
    assert Monograph.objects.get(slug="testazepam").current_revision.number == 1


@pytest.mark.django_db
def test_the_loader_publishes_a_reviewed_edit_and_compares_with_its_revision(content):
    content.write(changes="First version.")
    content.load()
    content.write(changes="Summary reworded.", summary=EDITED, reviewed_on="2026-05-01")
    result, _ = content.load()
    assert result.changed == ["testazepam"]
    # the next edit is held to the revision just published
    content.write(changes="Summary reworded.", summary=EDITED + " Again.",
                  reviewed_on="2026-05-20")
    with pytest.raises(ContentError) as refused:
        content.load()
    assert [f.message[:12] for f in refused.value.findings] == ["changes 'Sum"]


@pytest.mark.django_db
def test_the_published_state_is_read_in_one_query(content, django_assert_num_queries):
    content.write("alpha", changes="First version.")
    content.write("beta", status="draft")
    content.load()
    docs = [parse_file(content.root / "monographs" / f"{slug}.md", content.root, 10**6)
            for slug in ("alpha", "beta")]
    with django_assert_num_queries(1):
        state = run._published_state(docs)
    alpha = Monograph.objects.get(slug="alpha")
    assert state == {"alpha": (alpha.content_hash, "2026-01-10", "First version.")}
    with django_assert_num_queries(0):
        assert run._published_state([]) == {}
