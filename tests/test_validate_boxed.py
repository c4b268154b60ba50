"""Boxed warning: every item explained in Warnings; none missing when the label has one."""

from refsite.publishing.validate.boxed import missing_words

from .factories import SECTIONS, findings


def test_items_covered_by_the_warnings_section_pass(content):
    content.write()
    assert content.check().findings == []


def test_an_item_the_warnings_section_does_not_cover_is_an_error(content):
    path = content.write(sections={**SECTIONS, "Warnings": "- Drowsiness.[^test-label]"})
    [finding] = findings(content.check(), "BOX001")
    assert "'opioid'" in finding.message and "'concomitant'" in finding.message
    assert path.read_text().splitlines()[finding.line - 1].strip().startswith("- title: Risks from")


def test_coverage_ignores_case_plurals_and_generic_words():
    assert missing_words("Serious skin rashes", "A SERIOUS skin rash can occur.") == []
    assert missing_words("Risks from use with opioids", "Opioids deepen sedation.") == []
    assert missing_words("Dependence and withdrawal reactions", "Dependence may occur.") \
        == ["withdrawal", "reaction"]


def test_an_empty_boxed_warning_item_is_a_schema_error(content):
    content.write(boxed_warning=[""])
    assert findings(content.check(), "FM003")


def test_no_boxed_warning_and_no_mention_of_one_passes(content):
    content.write(boxed_warning=[], sections={**SECTIONS, "Warnings": "Drowsy.[^test-label]"})
    assert content.check().findings == []


def test_text_about_a_boxed_warning_with_an_empty_list_is_an_error(content):
    path = content.write(boxed_warning=[], sections={
        **SECTIONS, "Warnings": "The label has a boxed warning about opioids.[^test-label]"})
    [finding] = findings(content.check(), "BOX002")
    line = path.read_text().splitlines()[finding.line - 1]
    assert line.index("boxed warning") + 1 == finding.col


def test_saying_the_label_has_no_boxed_warning_passes(content):
    content.write(boxed_warning=[], sections={
        **SECTIONS, "Warnings": "The label has no boxed warning.[^test-label]"})
    assert content.check().findings == []


def test_a_drug_whose_label_has_a_boxed_warning_cannot_list_none(content):
    path = content.write("clonazepam", boxed_warning=[], sections={
        **SECTIONS, "Warnings": "Drowsy.[^test-label]"})
    [finding] = findings(content.check(), "BOX003")
    assert "clonazepam label carries a boxed warning" in finding.message
    assert path.read_text().splitlines()[finding.line - 1].startswith("boxed_warning:")


def test_the_label_list_matches_a_generic_name_with_its_salt(content):
    content.write("levothyroxine", generic_name="levothyroxine sodium", boxed_warning=[],
                  sections={**SECTIONS, "Warnings": "Drowsy.[^test-label]"})
    assert findings(content.check(), "BOX003")


def test_a_drug_not_on_the_label_list_may_have_no_boxed_warning(content):
    content.write("levetiracetam", boxed_warning=[],
                  sections={**SECTIONS, "Warnings": "Drowsy.[^test-label]"})
    assert findings(content.check(), "BOX003") == []
