"""Issue 14, patient-first pages: the readability measure (READ001), the structured
side-effect rates and forms held to the label facts (ADVERSE001, PATIENT001-003), the
chart drawn from them, and the grades shown on the editorial policy page."""

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refsite.monographs import charts
from refsite.monographs.readability import (
    NAME_STANDIN,
    TARGET_GRADE,
    DrugNames,
    _names_pattern,
    grade,
    grades,
    with_names_as_words,
)

from .factories import facts_vouching_for, monograph_text, run_command
from .formats import assert_valid
from .phrases import text_and_phrases

GRADE_12 = ("The anticonvulsant pharmacotherapy necessitates individualized titration, "
            "considering comorbid hepatic insufficiency, concomitant medications, and "
            "pharmacokinetic variability characterizing elderly populations.")
GRADE_6 = ("This medicine helps stop some kinds of fits. It can make you feel sleepy. "
           "Talk to your doctor before you change how you take it.")
TABLE = {
    "title": "Adults in trials", "population": "adults in placebo-controlled trials",
    "arm": "Testazepam", "comparator": "Placebo", "table": "Table 1", "source": "test-label",
    "label_section": "6.1",
    "reactions": [{"term": "Drowsiness", "drug_percent": 12, "comparator_percent": 3},
                  {"term": "Dizziness", "drug_percent": 7.5}],
}


def codes(result, code):
    return [f for f in result.findings if f.code == code]


def with_facts(content, **front):
    """The test monograph with `front`, and facts vouching for its rates and forms."""
    content.write(facts=False, **front)
    facts = facts_vouching_for(monograph_text(**front))
    for key in ("adverse_reactions", "forms"):
        if key in front:
            facts[key] = [{**copy.deepcopy(entry), "tag": "V-LABEL"} for entry in front[key]]
    content.write_facts("testazepam", facts)


# --- READ001 -----------------------------------------------------------------------------

def test_a_grade_12_summary_is_above_the_target():
    assert grade(GRADE_12) > 12


def test_a_grade_6_summary_is_within_the_target():
    assert grade(GRADE_6) <= 6


def test_a_long_drug_name_does_not_push_the_grade_up():
    sentence = "{} is a medicine for fits. It can make you sleepy."
    plain = grade(sentence.format("This"))
    named = grade(sentence.format("Levetiracetam hydrochloride"),
                  names=["levetiracetam hydrochloride"])
    assert named == plain
    assert grade(sentence.format("Levetiracetam hydrochloride")) > named  # unnamed: harder


def test_read001_warns_about_a_hard_summary_at_its_line(content):
    content.write(summary=GRADE_12)
    [finding] = codes(content.check(), "READ001")
    assert not finding.is_error and "summary" in finding.message
    assert f"target {TARGET_GRADE}" in finding.message


def test_read001_passes_a_plain_summary(content):
    content.write(summary=GRADE_6)
    assert codes(content.check(), "READ001") == []


def test_read001_measures_each_plain_boxed_wording(content):
    content.write(boxed_warning=[{"title": "Risks from concomitant use with opioids",
                                  "plain": GRADE_12}])
    [finding] = codes(content.check(), "READ001")
    assert "Risks from concomitant use with opioids" in finding.message


def test_grades_read_the_brand_names_of_the_page_as_words():
    meta = {"generic_name": "x", "brand_names": ["Supercalifragilisticexpialidocious"],
            "summary": "Supercalifragilisticexpialidocious is a pill. It helps you sleep."}
    assert grades(meta).summary == grade("Drug is a pill. It helps you sleep.")


# Letters that fold to another under re.IGNORECASE: the Kelvin sign and k, long s and s,
# dotted and dotless i; and a letter outside ASCII.
_FOLDS = {"k": "kK\u212a", "s": "sS\u017f", "i": "iI\u0130\u0131", "a": "aA",
          "\u00e9": "\u00e9\u00c9"}
_WORDS = st.lists(st.text("".join(_FOLDS), min_size=1, max_size=4), min_size=1, max_size=8)


@given(st.data(), _WORDS)
def test_indexed_names_replace_what_one_pattern_of_every_name_replaces(data, words):
    """The index only skips names that cannot occur: the same text as one pattern of
    every name, for names of one or more words written in any case (short names and
    names not in ASCII included)."""
    text, names = text_and_phrases(data, words, [" ", " ", "-", ". ", "x "],
                                   _FOLDS.values(), most=6)
    pattern = _names_pattern(names)
    assert with_names_as_words(text, DrugNames(names)) == (
        pattern.sub(NAME_STANDIN, text) if pattern else text)


@pytest.mark.parametrize("text", ["A\u017fk is it.", "\u212aab is it.", "\u0130ab is it.",
                                  "\u0131ab is it."])
def test_a_name_is_found_in_any_spelling_a_pattern_matches_case_insensitively(text):
    assert with_names_as_words(text, DrugNames(["ask", "kab", "iab"])) == "drug is it."


# --- the adverse-reaction schema and ADVERSE001 ------------------------------------------

@pytest.mark.parametrize("percent", [-1, 100.5])
def test_a_percentage_outside_0_to_100_is_a_format_error(content, percent):
    table = copy.deepcopy(TABLE)
    table["reactions"][0]["drug_percent"] = percent
    with_facts(content, adverse_reactions=[table])
    assert any("drug_percent" in f.message for f in codes(content.check(), "FM003"))


def test_the_comparator_is_optional(content):
    table = {k: v for k, v in TABLE.items() if k != "comparator"}
    table["reactions"] = [{"term": "Dizziness", "drug_percent": 7.5}]
    with_facts(content, adverse_reactions=[table])
    assert content.check().findings == []


def test_a_table_needs_its_source(content):
    table = {k: v for k, v in TABLE.items() if k != "source"}
    with_facts(content, adverse_reactions=[table])
    assert any("source" in f.message for f in codes(content.check(), "FM003") +
               codes(content.check(), "FM001"))


def test_rates_held_by_the_facts_pass(content):
    with_facts(content, adverse_reactions=[TABLE])
    assert content.check().findings == []


def test_a_rate_the_facts_do_not_hold_is_refused(content):
    with_facts(content, adverse_reactions=[TABLE])
    changed = copy.deepcopy(TABLE)
    changed["reactions"][0]["drug_percent"] = 21
    content.write(facts=False, adverse_reactions=[changed])
    [finding] = codes(content.check(), "ADVERSE001")
    assert "'Drowsiness' 21% vs 3%" in finding.message


def test_a_rate_from_a_secondary_summary_never_vouches(content):
    content.write(facts=False, adverse_reactions=[TABLE])
    facts = facts_vouching_for(monograph_text(adverse_reactions=[TABLE]))
    facts["adverse_reactions"] = [{**TABLE, "tag": "V-SEC"}]
    content.write_facts("testazepam", facts)
    assert len(codes(content.check(), "ADVERSE001")) == 2


def test_a_table_citing_an_undeclared_source_is_refused(content):
    with_facts(content, adverse_reactions=[{**TABLE, "source": "other-label"}])
    assert codes(content.check(), "PATIENT002")


# --- forms, strengths and plain boxed wordings -------------------------------------------

FORMS = [{"form": "Tablets", "strengths": [{"value": 0.5, "unit": "mg"}, {"value": 1,
                                                                           "unit": "mg"}],
          "source": "test-label", "label_section": "3"}]


def test_strengths_held_by_the_facts_pass(content):
    with_facts(content, forms=FORMS)
    assert content.check().findings == []


def test_a_strength_the_facts_do_not_hold_is_refused(content):
    with_facts(content, forms=FORMS)
    changed = copy.deepcopy(FORMS)
    changed[0]["strengths"].append({"value": 2, "unit": "mg"})
    content.write(facts=False, forms=changed)
    [finding] = codes(content.check(), "PATIENT003")
    assert "strength 2 mg" in finding.message


def test_a_published_boxed_item_without_plain_words_is_refused(content):
    content.write(boxed_warning=["Risks from concomitant use with opioids"])
    assert codes(content.check(), "PATIENT001")


def test_a_draft_may_still_list_plain_titles(content):
    content.write(status="draft", boxed_warning=["Risks from concomitant use with opioids"])
    assert codes(content.check(), "PATIENT001") == []


# --- the chart ---------------------------------------------------------------------------

def test_the_chart_has_a_bar_per_rate_and_says_every_number_in_words():
    [chart] = charts.charts({"adverse_reactions": [TABLE]})
    assert [len(row.bars) for row in chart.rows] == [2, 1]
    assert "Drowsiness: 12% on testazepam, 3% on placebo" in chart.description
    assert "Dizziness: 7.5% on testazepam" in chart.description
    longest = max(bar.width for row in chart.rows for bar in row.bars)
    assert longest + charts.LABEL_ROOM <= charts.WIDTH  # its label fits beside it


@pytest.mark.django_db
def test_the_page_draws_the_chart_with_its_table(client, content):
    with_facts(content, adverse_reactions=[TABLE])
    content.load()
    html = client.get("/drugs/testazepam/").content.decode()
    assert 'role="img"' in html and "<title id=\"side-effects-1-svg-title\">" in html
    table = html[html.index('class="side-effects-table"'):]
    assert "<th scope=\"row\">Drowsiness</th><td>12%</td><td>3%</td>" in table
    assert "<th scope=\"row\">Dizziness</th><td>7.5%</td><td>—</td>" in table


# --- the editorial policy shows the grades -----------------------------------------------

@pytest.mark.django_db
def test_the_policy_page_shows_each_published_pages_grade_from_stored_data(client, content):
    content.write(summary=GRADE_6)
    content.write("draftazepam", status="draft", brand_names=["Draftopin"], synonyms=[])
    content.load()
    html = client.get("/about/editorial-policy/").content.decode()
    table = html.split('id="readability-table-caption"')[1].split("</table>")[0]
    assert f"<td>{grade(GRADE_6):.1f}</td>" in table
    assert "draftazepam" not in table.lower()


# --- the API and FHIR stay valid with the new keys ---------------------------------------

@pytest.mark.django_db
def test_the_api_detail_with_every_patient_key_matches_the_openapi_description(client, content):
    guide = {"kind": "Medication Guide", "source": "test-label", "label_section": "17"}
    content.write(facts=False, adverse_reactions=[TABLE], forms=FORMS, medication_guide=guide)
    facts = facts_vouching_for(monograph_text(adverse_reactions=[TABLE], forms=FORMS,
                                              medication_guide=guide))
    facts["adverse_reactions"] = [{**TABLE, "tag": "V-LABEL"}]
    facts["forms"] = [{**FORMS[0], "tag": "V-LABEL"}]
    facts["medication_guide"] = {**guide, "tag": "V-LABEL"}
    content.write_facts("testazepam", facts)
    content.load()
    data = client.get("/api/v1/monographs/testazepam").json()
    assert_valid(data, "/api/v1/monographs/{slug}")
    assert data["boxed_warning"][0]["plain"].startswith("Taking it with opioid")
    assert data["adverse_reactions"][0]["reactions"][0]["drug_percent"] == 12
    fhir = client.get("/fhir/MedicationKnowledge/testazepam")
    assert fhir.status_code == 200
    html = client.get("/drugs/testazepam/").content.decode()
    assert 'href="https://example.org/testopin">TESTOPIN label on DailyMed</a>' in html
    assert "<strong>Tablets</strong>: 0.5 mg, 1 mg." in html


def test_check_content_json_lists_each_monographs_grades(content, settings):
    content.write(summary=GRADE_6)
    status, out, _ = run_command("check_content", "--format", "json")
    figures = json.loads(out)["readability"]["testazepam"]
    assert status == 0 and figures["summary"] == grade(GRADE_6)
    assert figures["boxed_warning"][0]["title"] == "Risks from concomitant use with opioids"
    assert figures["target"] == TARGET_GRADE
