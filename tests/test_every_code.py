"""Every code the check can report is reported: one small example per code, run
through the real check (files on disk, `run.check`), so a code whose rule was lost,
renamed or made unreachable fails here, and a new code without an example fails too.

Each example writes the files that must produce its code (the `content` fixture's
`write` also writes a facts file vouching for the monograph, so only the change an
example makes is wrong) and returns the paths to check, or None for the whole tree.
A rule only the loader can run (it compares with what is published) has an example
that loads and returns the findings the load was refused with (`Refused`).
"""

import json

import pytest
from django.conf import settings

from refsite.publishing.findings import ContentError
from refsite.publishing.validate import CODES

from .factories import SECTIONS, facts_vouching_for, front_matter, monograph_text, with_section

SLUG = "testazepam"


def write(content, slug=SLUG, **overrides):
    content.write(slug, **overrides)


def lay_terms(content, text):
    """A lay vocabulary beside a published monograph."""
    (content.root / "search").mkdir(exist_ok=True)
    (content.root / "search" / "lay-terms.yaml").write_text(text, encoding="utf-8")
    return [content.write()]


def raw(content, text, name=SLUG):
    """A monograph file of exactly `text` (str or bytes), without a facts file."""
    path = content.root / "monographs" / f"{name}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def section(content, title, text, **overrides):
    """The test monograph with one section's Markdown replaced (cited, so only `text`
    is at fault)."""
    with_section(content, title, f"{text}[^test-label]", **overrides)


def label_updated_since_review(content):
    """check_labels recorded version 13 of the label the page reviewed at version 12."""
    write(content)
    set_id = front_matter()["sources"][0]["set_id"]
    (content.root / "labels" / "versions.json").write_text(json.dumps({set_id: {
        "version": 13, "published": "2026-03-02", "checked_at": "2026-05-30T04:00:00+00:00",
        "history": [{"version": 13, "published": "2026-03-02"},
                    {"version": 12, "published": "2025-06-02"}]}}))


def dosing_with(**changes):
    dosing = front_matter()["dosing"]
    dosing[0].update(changes)
    return dosing


def facts_read_for(content, **overrides):
    """The test monograph, held to facts read for a monograph that differs by
    `overrides` (a changed maximum, boxed item, source version ...)."""
    content.write(SLUG, facts=False)
    content.write_facts(SLUG, facts_vouching_for(monograph_text(**overrides)))


def dose_the_facts_do_not_state(content):
    section(content, "Dosing", "Most need 7 mg a day.", facts=False)
    content.write_facts(SLUG, facts_vouching_for(monograph_text()))


def too_big(content):
    """One byte over the configured limit."""
    text = monograph_text()
    raw(content, text + "x" * (settings.CONTENT_MAX_FILE_BYTES - len(text.encode()) + 1))


def symlink_outside(content):
    outside = content.root.parent / "outside.md"
    outside.write_text(monograph_text(), encoding="utf-8")
    (content.root / "monographs" / f"{SLUG}.md").symlink_to(outside)


def file_named_after_another_slug(content):
    raw(content, monograph_text(), "other")
    content.write_facts(SLUG, facts_vouching_for(monograph_text()))


def same_slug_twice(content):
    write(content, "alpha")
    raw(content, monograph_text(slug="alpha", brand_names=["Other"], synonyms=[]), "beta")


def same_brand_twice(content):
    write(content, "alpha", brand_names=["Shared"])
    write(content, "beta", brand_names=["Shared"])


def unknown_key(content):
    meta = front_matter(brand_names=["Testazepam-brand"], synonyms=[])
    meta["reviewd_by"] = "typo"
    write(content, text=monograph_text(meta=meta))


def link_to_a_draft(content):
    write(content, "beta", status="draft")
    section(content, "Side effects", "[x](/drugs/beta/)")


ADVERSE_TABLE = {
    "title": "Adults in trials", "population": "adults in placebo-controlled trials",
    "arm": "Testazepam", "comparator": "Placebo", "table": "Table 1", "source": "test-label",
    "label_section": "6.1",
    "reactions": [{"term": "Drowsiness", "drug_percent": 12, "comparator_percent": 3}]}


class Refused(list):
    """The findings a load was refused with."""


def refused_load(content):
    try:
        content.load()
    except ContentError as exc:
        return Refused(exc.findings)
    return Refused()


def changed_without_a_new_review(content):
    write(content, changes="First version.")
    content.load()
    write(content, changes="First version.", summary="Testazepam is a made-up medicine. "
          "This summary was edited after the review.")
    return refused_load(content)


def body(**sections):
    return "\n\n".join(f"## {title}\n\n{text}" for title, text in sections.items())


OPIOIDS = "opioids:\n  name: Opioids\n  description: Opioid medicines.\n"


def groups_file(content, text):
    write(content)
    (content.root / "groups.yaml").write_text(text, encoding="utf-8")


def member(drug, source="test-label"):
    return (f"  members:\n    - drug: {drug}\n      reason: Its label says so.\n"
            f"      source: {source}\n      label_section: \"7\"\n")


def interaction(**overrides):
    return {"with": ["opioids"], "effect": "Deep sleepiness.", "action": "monitor",
            "source": "test-label", "label_section": "7", **overrides}


def named_with_a_monograph(content):
    write(content, slug="otherpam")
    write(content, interactions=[{**interaction(), "with": ["otherpam"],
                                  "named": ["otherpam"]}])


def interaction_the_facts_do_not_hold(content):
    write(content, facts=False, interactions=[interaction(**{"with": ["otherpam"]})])
    write(content, slug="otherpam")
    content.write_facts(SLUG, facts_vouching_for(monograph_text()))


def limit_the_facts_do_not_state(content):
    write(content, slug="otherpam")
    entry = interaction(**{"with": ["otherpam"], "action": "limit-dose"})
    write(content, facts=False, interactions=[{**entry, "limit": "20 mg a day"}])
    content.write_facts(SLUG, facts_vouching_for(monograph_text(
        interactions=[{**entry, "limit": "10 mg a day"}])))



EXAMPLES = {
    # Reading the files (parse.py)
    "FILE001": too_big,
    "FILE002": lambda c: raw(c, b"---\nslug: testazepam\ngeneric_name: caf\xe9\n---\n"),
    "FILE003": symlink_outside,
    "FILE004": lambda c: [c.root / "monographs" / "nowhere.md"],
    "YAML001": lambda c: raw(c, "## Indications\n\nNo front matter.\n"),
    "YAML002": lambda c: raw(c, "---\nslug: testazepam\nsummary: [unclosed\n---\n"),
    "YAML003": lambda c: raw(c, "---\n- a list\n- not a mapping\n---\n"),
    "YAML004": lambda c: raw(c, "---\nslug: testazepam\nslug: testazepam\n---\n"),
    "FILE005": lambda c: (c.root / "monographs" / "folder.md").mkdir(),
    "FILE006": lambda c: section(c, "Side effects", "Drowsiness.\x00"),
    "FILE007": lambda c: section(c, "Side effects", "[" * 500),
    "YAML005": lambda c: raw(c, "---\nslug: &name testazepam\ngeneric_name: *name\n---\n"),
    "YAML006": lambda c: raw(c, "---\nslug: testazepam\n1: one\n---\n"),
    # Front matter (schema.py)
    "FM001": lambda c: write(c, drug_class=None),
    "FM002": unknown_key,
    "FM003": lambda c: write(c, status="published"),
    "FM004": file_named_after_another_slug,
    "FM005": same_slug_twice,
    "FM006": same_brand_twice,
    "FM007": lambda c: write(c, drug_class="<i>Benzodiazepine</i>"),
    "FM008": lambda c: write(c, drug_class="**Benzodiazepine**"),
    # Sections (structure.py)
    "STRUCT001": lambda c: write(c, sections={k: v for k, v in SECTIONS.items()
                                              if k != "Side effects"}),
    "STRUCT002": lambda c: write(c, sections={"Mechanism of action": "",  # moved first
                                              **SECTIONS}),
    "STRUCT003": lambda c: write(c, sections={**SECTIONS, "Overdose": ""}),
    "STRUCT004": lambda c: write(c, body="Stray text.\n\n" + body(**SECTIONS)),
    "STRUCT005": lambda c: section(c, "Fun facts", "None."),
    "STRUCT006": lambda c: write(c, body=body(**SECTIONS) + "\n\n## Warnings\n\nAgain."
                                 "[^test-label]"),
    # Citations (citations.py)
    "CITE001": lambda c: write(c, sections={**SECTIONS, "Indications": "Used for seizures."}),
    "CITE002": lambda c: write(c, sections={**SECTIONS, "Side effects": "Drowsy.[^nowhere]"}),
    "CITE003": lambda c: write(c, sources=front_matter()["sources"] + [{
        "id": "unused", "title": "Unused", "url": "https://example.org/u",
        "set_id": "00000000-1111-2222-3333-555555555555", "read_on": "2026-01-05"}]),
    "CITE004": lambda c: write(c, sections={**SECTIONS, "Indications":
                                            "Seizures.[^test-label]\n\n- Infantile spasms."}),
    "CITE005": lambda c: write(c, sources=[{**front_matter()["sources"][0],
                                            "read_on": "2026-06-02"}]),
    # Review dates (review.py; the check runs on 2026-06-01)
    "REVIEW001": lambda c: write(c, reviewed_on="2026-07-01", review_due="2027-07-01"),
    "REVIEW002": lambda c: write(c, reviewed_on="2026-06-01", review_due="2026-06-01"),
    "REVIEW003": lambda c: write(c, reviewed_on="2025-01-10", review_due="2026-01-10"),
    "REVIEW004": changed_without_a_new_review,  # needs the database: LOADED below
    "REVIEW005": label_updated_since_review,
    # The patient summary (summary.py)
    "SUMMARY001": lambda c: write(c, summary="Testazepam is a made-up medicine. Adults take "
                                  "1.5 mg a day."),
    # Doses (dosing.py; the monograph's dosing is 1.5 mg/day up to 20 mg/day)
    "DOSE001": lambda c: section(c, "Dosing", "Up to 30 mg a day."),
    "DOSE002": lambda c: section(c, "Dosing", "Take 0.005 g."),
    "DOSE003": lambda c: section(c, "Dosing", "Some need only 0.1 mg a day."),
    "DOSE004": lambda c: section(c, "Dosing", "For an attack, 20 mg can be taken."),
    "DOSE005": lambda c: write(c, dosing=dosing_with(initial={"value": 30, "unit": "mg/day"})),
    "DOSE006": lambda c: write(c, dosing=dosing_with(initial={"value": 0.01,
                                                               "unit": "mg/kg/day"})),
    "DOSE007": lambda c: write(c, dosing=dosing_with(max_daily={"value": 20, "unit": "mg"})),
    "DOSE008": lambda c: write(c, dosing=dosing_with(initial={"value": 8, "unit": "mg"},
                                                     frequency="Divided into 3 doses")),
    # Error-prone notation (notation.py)
    "NOTATION001": lambda c: section(c, "Side effects", "Take 1.0 mg."),
    "NOTATION002": lambda c: section(c, "Side effects", "Take .5 mg."),
    "NOTATION003": lambda c: section(c, "Side effects", "Take 0,5 mg."),
    "NOTATION004": lambda c: section(c, "Side effects", "Levels in µg are low."),
    "NOTATION005": lambda c: section(c, "Side effects", "Doses in IU vary."),
    "NOTATION006": lambda c: section(c, "Side effects", "Take it qd."),
    "NOTATION007": lambda c: section(c, "Side effects", "Not for doses > 5 mg."),
    "NOTATION008": lambda c: section(c, "Side effects", "Take 10mg."),
    # Boxed warning (boxed.py; clonazepam is on content/labels/boxed-warnings.yaml)
    "BOX001": lambda c: section(c, "Warnings", "- Drowsiness."),
    "BOX002": lambda c: section(c, "Warnings", "The label has a boxed warning about opioids.",
                                boxed_warning=[]),
    "BOX003": lambda c: section(c, "Warnings", "Drowsy.", slug="clonazepam", boxed_warning=[]),
    # Markup and links (markup.py)
    "HTML001": lambda c: section(c, "Side effects", "<iframe src=\"https://example.org\">"
                                 "</iframe>"),
    "HTML002": lambda c: section(c, "Side effects", "<b onmouseover=alert(1)>x</b>"),
    "HTML003": lambda c: section(c, "Side effects", "[x](javascript:alert(1))"),
    "LINK001": lambda c: section(c, "Side effects", "[x](/drugs/nosuchdrug/)"),
    "LINK002": lambda c: section(c, "Side effects", "[x](http://example.org/label)"),
    "LINK003": link_to_a_draft,
    # Claims (claims.py)
    "CLAIM001": lambda c: section(c, "Side effects", "It is completely safe."),
    # Uses and safety wording (uses.py, safety_wording.py, controlled.py)
    "USE001": lambda c: section(c, "Side effects", "It is also used for insomnia."),
    "SAFETY001": lambda c: section(c, "Warnings", "- **Risks from concomitant use with "
                                   "opioids:** deep sedation. It is safe in pregnancy."),
    "SAFETY002": lambda c: section(c, "Side effects", "If drowsy, stop taking it."),
    "CONTROL001": lambda c: write(c, boxed_warning=["Abuse, misuse, and addiction"],
                                  sections={**SECTIONS, "Warnings": "- **Abuse, misuse, and "
                                            "addiction:** can occur.[^test-label]"}),
    # The monograph against its label facts (facts.py, content/reference/<slug>.yaml)
    "FACT001": lambda c: write(c, facts=False),
    "FACT002": lambda c: facts_read_for(c, dosing=dosing_with(
        max_daily={"value": 10, "unit": "mg/day"})),
    "FACT003": lambda c: facts_read_for(c, dosing=dosing_with() + dosing_with(
        indication="Panic disorder")),
    "FACT004": lambda c: facts_read_for(c, boxed_warning=["Abuse, misuse and addiction"]),
    "FACT005": lambda c: facts_read_for(c, sources=[{**front_matter()["sources"][0],
                                                     "version": 13}]),
    "TRACE001": dose_the_facts_do_not_state,
    # Patient-first parts (patient.py) and readability (readability.py)
    "PATIENT001": lambda c: write(c, boxed_warning=["Risks from concomitant use with opioids"]),
    "PATIENT002": lambda c: write(c, medication_guide={
        "kind": "Medication Guide", "source": "undeclared-label", "label_section": "17"}),
    "PATIENT003": lambda c: write(c, forms=[{
        "form": "Tablets", "strengths": [{"value": 1, "unit": "mg"}], "source": "test-label",
        "label_section": "3"}]),
    "ADVERSE001": lambda c: write(c, adverse_reactions=[ADVERSE_TABLE]),
    "READ001": lambda c: write(c, summary=(
        "Testazepam, an anxiolytic benzodiazepine derivative, potentiates inhibitory "
        "gamma-aminobutyric acid neurotransmission, producing anticonvulsant, anxiolytic "
        "and sedative-hypnotic pharmacological consequences.")),
    # Interactions and groups (interactions.py, groups.py; content/groups.yaml)
    "GROUP001": lambda c: groups_file(c, "opioids:\n  name: Opioids\n  members: []\n"),
    "GROUP002": lambda c: groups_file(c, OPIOIDS + "  members:\n    - drug: testazepam\n"
                                      "      reason: Its label says so.\n"),
    "GROUP003": lambda c: groups_file(c, OPIOIDS + member("nosuchdrug")),
    "GROUP004": lambda c: groups_file(c, OPIOIDS + member(SLUG, source="nowhere-label")),
    "GROUP005": lambda c: groups_file(c, OPIOIDS.replace("opioids:", f"{SLUG}:")
                                      + "  members: []\n"),
    "INTER001": lambda c: write(c, interactions=[interaction(**{"with": ["nosuchdrug"]})]),
    "INTER002": lambda c: write(c, interactions=[interaction(source="other-label")]),
    "INTER003": lambda c: (groups_file(c, OPIOIDS + "  members: []\n"),
                           section(c, "Interactions", "Take care with opioids.")) and None,
    "INTER004": named_with_a_monograph,
    "INTER005": interaction_the_facts_do_not_hold,
    "INTER006": limit_the_facts_do_not_state,
    # The lay vocabulary (layterms.py, content/search/lay-terms.yaml)
    "LAY001": lambda c: lay_terms(c, "- words: [water pill]\n  terms: [diuretic]\n"),
    "LAY002": lambda c: lay_terms(c, "- words: [fits]\n  terms: [Drowsiness]\n"
                                     "- words: [Fits]\n  terms: [Drowsiness]\n"),
    "LAY003": lambda c: lay_terms(c, "- words: fits\n  terms: [Drowsiness]\n"),
}


LOADED = {"REVIEW004"}  # examples that load


def test_every_code_has_an_example():
    assert sorted(EXAMPLES) == sorted(CODES)


@pytest.mark.parametrize("code", [
    pytest.param(code, marks=pytest.mark.django_db) if code in LOADED else code
    for code in sorted(CODES)])
def test_the_example_produces_its_code(content, code):
    paths = EXAMPLES[code](content)
    findings = paths if isinstance(paths, Refused) else content.check(paths).findings
    reported = {f.code for f in findings}
    assert code in reported, f"{code} not reported; the example gave {sorted(reported)}"
