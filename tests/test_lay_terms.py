"""The lay vocabulary file (content/search/lay-terms.yaml): read by line, checked by
check_content and the loader (LAY001-LAY003)."""

import pytest

from refsite.monographs.layterms import parse
from refsite.monographs.models import Monograph
from refsite.publishing.findings import ContentError

from .factories import findings

GOOD = "- words: [fits, Convulsions]\n  terms: [seizure disorders]\n"


def write_terms(content, text):
    (content.root / "search").mkdir(exist_ok=True)
    (content.root / "search" / "lay-terms.yaml").write_text(text, encoding="utf-8")


def test_entries_keep_their_words_terms_and_lines():
    entries, problems = parse("# note\n" + GOOD)
    assert problems == []
    assert [(e.words, e.terms, e.line, e.word_lines) for e in entries] == [
        (("fits", "Convulsions"), ("seizure disorders",), 2, (2, 2))]


@pytest.mark.parametrize("text, line", [
    ("- words: [fits\n", 2),  # YAML syntax
    ("words: [fits]\n", 1),  # not a list
    ("- fits\n", 1),  # an entry that is not a mapping
    ("- words: [fits]\n", 1),  # no terms
    ("- words: fits\n  terms: [seizures]\n", 1),  # not a list
    ("- words: [fits, 12]\n  terms: [seizures]\n", 1),  # not text
    ("- words: [fits]\n  terms: [seizures]\n  notes: x\n", 3),  # unknown key
    ("- words: []\n  terms: [seizures]\n", 1),  # empty
])
def test_a_malformed_file_is_lay003_at_its_line(text, line):
    _entries, problems = parse(text)
    assert [(p.code, p.line) for p in problems] == [("LAY003", line)]


def test_a_word_listed_twice_is_lay002_at_the_second(content):
    _entries, problems = parse(GOOD + "- words: [FITS]\n  terms: [drowsiness]\n")
    assert [(p.code, p.line) for p in problems] == [("LAY002", 3)]


def test_the_shipped_style_file_passes_the_check(content):
    content.write()
    write_terms(content, GOOD)
    assert findings(content.check(), "LAY") == []


def test_a_term_no_page_uses_is_lay001_with_file_and_line(content):
    content.write()
    write_terms(content, GOOD + "- words: [water pill]\n  terms: [diuretic]\n")
    [finding] = findings(content.check(), "LAY")
    assert (finding.path.endswith("search/lay-terms.yaml"), finding.line, finding.code) == (
        True, 4, "LAY001")


def test_a_term_only_a_draft_uses_is_lay001(content):
    content.write(sections={"Indications": "Used for quiet sleep.[^test-label]"})
    content.write("draftazole", status="draft")  # says "seizure disorders"
    write_terms(content, GOOD)
    assert [f.code for f in findings(content.check(), "LAY")] == ["LAY001"]


@pytest.mark.django_db
def test_the_loader_refuses_a_broken_vocabulary_and_stores_nothing(content):
    content.write()
    write_terms(content, "- words: [fits\n")
    with pytest.raises(ContentError) as raised:
        content.load()
    assert [f.code for f in raised.value.findings] == ["LAY003"]
    assert not Monograph.objects.exists()
