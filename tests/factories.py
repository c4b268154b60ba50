"""Small, valid monograph files for tests; each test changes only what it is about."""

import copy
import datetime
import io
from pathlib import Path

import yaml
from django.core.management import call_command

from refsite import settings as site_settings
from refsite.monographs.fields import boxed_titles
from refsite.publishing.doses import find_doses
from refsite.publishing.findings import ContentError
from refsite.publishing.parse import load_plain_yaml
from refsite.publishing.render import SectionRenderer
from refsite.publishing.validate import context_for


class SAFE_DUMPER(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # noqa: N801
    """libyaml's (tests write many files), writing a value shared by two keys out twice:
    the check refuses anchors and aliases (YAML005)."""

    def ignore_aliases(self, data):
        return True


FRONT_MATTER = {
    "slug": "testazepam",
    "generic_name": "testazepam",
    "brand_names": ["Testopin"],
    "synonyms": ["testazepan"],
    "drug_class": "Benzodiazepine",
    "status": "reviewed",
    "reviewed_by": "Test reviewers: checked against the fixture label",
    "reviewed_on": "2026-01-10",
    "review_due": "2027-01-10",
    "summary": "Testazepam is a made-up medicine used only in tests. It has no real uses.",
    "boxed_warning": [{"title": "Risks from concomitant use with opioids",
                       "plain": "Taking it with opioid pain medicines can slow your breathing."}],
    "sources": [
        {
            "id": "test-label",
            "title": "TESTOPIN (testazepam) tablets: Prescribing Information",
            "short": "TESTOPIN label",
            "url": "https://example.org/testopin",
            "set_id": "00000000-1111-2222-3333-444444444444",
            "version": 12,
            "effective": "2025-06-02",
            "holder": "Fixture Pharma",
        }
    ],
    "dosing": [
        {
            "indication": "Seizure disorders",
            "population": "Adults",
            "route": "oral",
            "frequency": "Three times a day",
            "initial": {"value": 1.5, "unit": "mg/day"},
            "titration": {"value": 0.5, "to": 1, "unit": "mg", "every": "3 days"},
            "max_daily": {"value": 20, "unit": "mg/day"},
        }
    ],
}

SECTIONS = {
    "Indications": "Used for seizure disorders.[^test-label]",
    "Mechanism of action": "Enhances GABA activity.[^test-label]",
    "Dosing": "Start at 1.5 mg a day; at most 20 mg a day.[^test-label]",
    "Warnings": "- **Risks from concomitant use with opioids:** deep sedation.[^test-label]",
    "Side effects": "Drowsiness is common.[^test-label]",
}


def front_matter(**overrides):
    data = copy.deepcopy(FRONT_MATTER)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def monograph_text(meta=None, sections=None, body=None, **overrides):
    meta = meta if meta is not None else front_matter(**overrides)
    if body is None:
        sections = SECTIONS if sections is None else sections
        body = "\n\n".join(f"## {title}\n\n{text}" for title, text in sections.items())
    return ("---\n" + yaml.dump(meta, Dumper=SAFE_DUMPER, sort_keys=False) + "---\n\n" + body
            + "\n")


def with_section(content, title, text, slug="testazepam", **overrides):
    """Write the test monograph with one section's Markdown replaced."""
    return content.write(slug, sections={**SECTIONS, title: text}, **overrides)


def findings(result, *codes):
    """Findings of a check whose code is, or starts with, one of `codes` ('NOTATION')."""
    return [f for f in result.findings if f.code.startswith(codes)]


def render_fragment(text, sources=None, id_prefix=""):
    """Unsanitized HTML of one piece of Markdown, as the loader renders a section;
    `sources` maps a source id to its (number, name)."""
    return SectionRenderer(sources or {}).convert(text, id_prefix)


# A small library for the search page tests: one cited text per section, one
# monograph per letter.
SEARCH_CITE = "[^test-label]"
SEARCH_TEXTS = [
    "Drowsiness and dizziness are common; rash is rare.",
    "Rash, itching and drowsiness were reported.",
    "Dizziness when standing; drowsiness in older adults.",
    "Nausea, rash and dizziness.",
]
SEARCH_LETTERS = "bcdfghjklmnpqrstvwxz"


PROJECT_CONTENT = Path(__file__).resolve().parent.parent / "content"
TODAY = datetime.date(2026, 6, 1)


def rule_context(**overrides):
    """A rule Context for the project's schema and label lists, as the check builds it."""
    overrides.setdefault("today", TODAY)
    overrides.setdefault("promotional_phrases", site_settings.REFSITE_PROMOTIONAL_PHRASES)
    overrides.setdefault("slugs", set())  # rules under test bring their own facts
    return context_for(PROJECT_CONTENT, **overrides)


def facts_vouching_for(text):
    """A facts file (content/reference format) that holds every amount, boxed item and
    source identity of the monograph `text`, or None when its front matter is unusable."""
    try:
        meta = load_plain_yaml(text.split("---\n")[1])
    except (IndexError, yaml.YAMLError, ContentError):  # anchors are refused
        return None
    if not isinstance(meta, dict):
        return None
    amounts = ("initial", "titration", "maintenance", "max_daily")
    rules = []
    for rule in meta.get("dosing") or []:
        if not isinstance(rule, dict):
            continue
        held = {k: rule.get(k) for k in amounts if k in rule}
        rules.append({"indication": rule.get("indication"), "population": rule.get("population"),
                      **held, "tags": dict.fromkeys(held, "V-LABEL"),
                      "label_says": "As the monograph states."})
    identity = ("set_id", "version", "effective", "read_on", "revised")
    labels = [{"source": s.get("id"),
               **{k: {"value": s[k], "tag": "V-LABEL"} for k in identity if k in s}}
              for s in meta.get("sources") or [] if isinstance(s, dict)]
    boxed = [{"item": item, "label_says": item}
             for item in boxed_titles(meta.get("boxed_warning"))]
    interactions = [{**{k: entry[k] for k in ("with", "named", "action", "source",
                                              "label_section") if k in entry},
                     "tag": "V-LABEL",
                     "label_says": " ".join(str(entry.get(k, "")) for k in ("limit", "interval"))}
                    for entry in meta.get("interactions") or [] if isinstance(entry, dict)]
    return {"drug": meta.get("slug"), "publishable": True, "why": "Test fixture.",
            "labels": labels, "dose_rules": rules,
            "boxed_warning": {"tag": "V-LABEL", "items": boxed},
            "facts": [{"section": "Every dose the text states",
                       "fact": "; ".join(dose.text for dose in find_doses(text)),
                       "tag": "V-LABEL"}],
            "interactions": interactions}


def where_in(text, snippet, column_of=None):
    """(line, column) of `snippet` in a fixture's `text`, for tests that say which line
    must carry which finding: the column of `column_of` in that line, else 1. A snippet
    with a line break starts at the end of its first line (the text wraps there)."""
    lines = text.splitlines()
    first = snippet.split("\n")[0]
    line = next(n for n, found in enumerate(lines, 1)
                if (found.rstrip().endswith(first) if "\n" in snippet else first in found))
    if "\n" in snippet:
        return line, lines[line - 1].rindex(first) + 1
    return line, (lines[line - 1].index(column_of) + 1 if column_of else 1)


def run_command(name, *args):
    """(exit status, stdout, stderr) of a management command that exits with a status."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def calls_to(monkeypatch, owner, name, record):
    """The list of record(*arguments) for each call of owner.name from now on (the call
    itself still runs): to see what a step did, or that it was skipped."""
    seen = []
    original = getattr(owner, name)

    def recording(*args, **kwargs):
        seen.append(record(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return seen
