"""The text this project started from, as a monograph: every problem the review of it
found (reference clonazepam.md, section 11) must be reported at its line.

Each expected finding is located by a snippet of tests/fixtures/clonazepam-unreviewed.md,
so the test states which line must carry which code:
- "standard dose" of 2-3 g three times a day for a drug whose maximum is 20 mg/day:
  above the maximum (DOSE001) and in grams where the label uses mg (DOSE002);
- "0,5 mg": decimal comma (NOTATION003);
- 20 mg offered to stop a panic attack: five times the panic-disorder maximum of 4 mg/day
  (DOSE001, held to the rule its paragraph names);
- indications without a citation (CITE004);
- no reviewer, review date or next review on a page marked reviewed (FM001);
- no boxed warning although the KLONOPIN label has one (BOX003, from
  content/labels/boxed-warnings.yaml);
- "Pregnant women are not prescribed clonazepam": an absolute statement about pregnancy
  with no label section (SAFETY001; review item 11: pregnancy is not a contraindication);
- "To stop, lower the dose gradually": stopping on the reader's own plan, with no word of
  the prescriber (SAFETY002; review item 12);
- an absolute reassurance ("not critical") about falling blood pressure (CLAIM001, an
  error since minimising wording blocks publication).
"""

from pathlib import Path

import pytest

from refsite.publishing.findings import ContentError

from .factories import where_in

FIXTURE = Path(__file__).parent / "fixtures" / "clonazepam-unreviewed.md"

EXPECTED = [
    ("FM001", "status: reviewed", None),
    ("BOX003", "boxed_warning: []", None),
    ("CITE004", "- Spasms in infants.", None),
    ("CITE004", "- Tonic-clonic attacks.", None),
    ("NOTATION003", "0,5 mg", "0,5"),
    ("DOSE001", "2-3 g", "2-3 g"),
    ("DOSE002", "2-3 g", "2-3 g"),
    ("DOSE001", "20 mg of Klonopin", "20 mg"),
    ("SAFETY001", "Pregnant\nwomen", None),
    ("SAFETY002", "lower the dose gradually", "lower the dose"),
    ("CLAIM001", "not critical", "not critical"),
    ("READ001", "summary: >-", None),  # grade 8.4: a warning, the one warning
]


def where(snippet, column_of):
    return where_in(FIXTURE.read_text(encoding="utf-8"), snippet, column_of)


@pytest.fixture
def checked(content):
    content.write("clonazepam", text=FIXTURE.read_text(encoding="utf-8"))
    return content.check()


def test_every_problem_of_the_original_text_is_reported_at_its_line(checked):
    reported = {(f.code, f.line, f.col) for f in checked.findings}
    for code, snippet, column_of in EXPECTED:
        line, col = where(snippet, column_of)
        assert (code, line, col) in reported, (code, snippet)


def test_nothing_else_is_reported(checked):
    expected_lines = {(code, where(snippet, column_of)[0])
                      for code, snippet, column_of in EXPECTED}
    assert {(f.code, f.line) for f in checked.findings} == expected_lines


def test_the_dose_error_names_both_numbers(checked):
    line, _ = where("2-3 g", None)
    [finding] = [f for f in checked.findings if f.code == "DOSE001" and f.line == line]
    assert "6,000 to 9,000 mg/day" in finding.message and "20 mg/day" in finding.message


def test_the_panic_dose_is_held_to_the_panic_maximum(checked):
    line, _ = where("20 mg of Klonopin", None)
    [finding] = [f for f in checked.findings if f.code == "DOSE001" and f.line == line]
    assert "Panic disorder" in finding.message and "4 mg/day" in finding.message


def test_every_finding_is_an_error_the_reassurance_included(checked):
    assert [f.code for f in checked.warnings] == ["READ001"]  # readability is weighed
    assert "CLAIM001" in {f.code for f in checked.errors}


@pytest.mark.django_db
def test_the_loader_refuses_the_original_text(content):
    content.write("clonazepam", text=FIXTURE.read_text(encoding="utf-8"))
    with pytest.raises(ContentError):
        content.load()


def test_a_broken_header_does_not_hide_the_body_findings(content):
    """One pass reports everything: with the sources emptied and the summary made the
    wrong type as well, the body's dose and notation errors still appear at their lines
    beside the front-matter findings."""
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index("sources:\n")
    end = text.index("dosing:\n")
    broken = text[:start] + "sources: []\n" + text[end:]
    content.write("clonazepam", text=broken)
    reported = {(f.code, f.line) for f in content.check().findings}
    lines = broken.splitlines()

    def line_of(snippet):
        return next(n for n, line in enumerate(lines, 1) if snippet in line)

    assert ("FM001", line_of("status: reviewed")) in reported
    assert ("FM003", line_of("sources: []")) in reported
    for code, snippet in (("DOSE001", "2-3 g"), ("DOSE002", "2-3 g"), ("DOSE001", "20 mg of"),
                          ("NOTATION003", "0,5 mg"), ("CITE004", "- Spasms in infants.")):
        assert (code, line_of(snippet)) in reported, code
