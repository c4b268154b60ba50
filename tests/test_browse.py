"""Browsing: A to Z with brand names, drug classes, labeled conditions, breadcrumbs."""

import pytest

from refsite.monographs.browse import (
    a_to_z,
    class_slug,
    condition_key,
    condition_slug,
    group_by,
    letter_of,
)

from .factories import FRONT_MATTER
from .pages import parse_page, text_of


def dose(indication, population="Adults", **more):
    return {**FRONT_MATTER["dosing"][0], "indication": indication, "population": population,
            **more}


class Stub:
    def __init__(self, pk, generic_name, **fields):
        self.pk, self.generic_name = pk, generic_name
        self.__dict__.update(fields)


# The normalising function: pure, no database.

@pytest.mark.parametrize("a, b", [
    ("Seizure disorders", "seizure disorder"),
    ("Panic disorder", "  PANIC   disorder "),
    ("Partial-onset seizures", "partial onset seizure"),
    ("Parkinson's disease", "Parkinson disease"),
    ("Allergies", "allergy"),
    ("Anxiety & depression", "anxiety and depression"),
    ("Ménière's disease", "Meniere disease"),
])
def test_spellings_of_one_condition_share_a_key(a, b):
    assert condition_key(a) == condition_key(b)


@pytest.mark.parametrize("a, b", [
    ("Seizure disorders", "Panic disorder"),
    ("Type 1 diabetes", "Type 2 diabetes"),
    ("Hypertension", "Hypotension"),
])
def test_different_conditions_keep_different_keys(a, b):
    assert condition_key(a) != condition_key(b)


@pytest.mark.parametrize("word", ["diabetes", "psoriasis", "status", "stress", "herpes"])
def test_words_that_end_in_s_in_the_singular_are_left_alone(word):
    assert condition_key(word) == word


def test_condition_slug_is_the_slug_of_the_key():
    assert condition_slug("Seizure Disorders") == "seizure-disorder"
    assert condition_slug("Diabetes mellitus, type 2") == "diabetes-mellitus-type-2"


def test_letter_of_files_digits_and_other_scripts_under_hash():
    assert letter_of("clonazepam") == "C"
    assert letter_of("5-fluorouracil") == "#"
    assert letter_of("Ättest") == "A"
    assert letter_of("λ-test") == "#"
    assert letter_of("") == "#"


def test_group_uses_the_most_common_spelling_and_lists_each_monograph_once():
    alpha = Stub(1, "alpha", names=["Seizure disorders", "Seizure disorders"])
    beta = Stub(2, "beta", names=["seizure disorder", "Panic disorder"])
    groups = group_by([alpha, beta], lambda m: m.names, condition_slug)
    assert [(g.slug, g.name, [m.pk for m in g.monographs]) for g in groups] == [
        ("panic-disorder", "Panic disorder", [2]),
        ("seizure-disorder", "Seizure disorders", [1, 2]),
    ]


def test_a_to_z_has_every_letter_and_files_brands_under_their_own_letter():
    alpha = Stub(1, "alpha")
    letters = a_to_z([alpha], [("Zed-brand", alpha)])
    assert [letter.label for letter in letters][:3] == ["A", "B", "C"]
    assert len(letters) == 27 and letters[-1].anchor == "letter-other"
    by_label = {letter.label: letter.entries for letter in letters}
    assert [e.name for e in by_label["A"]] == ["alpha"]
    assert [(e.name, e.is_brand, e.monograph) for e in by_label["Z"]] == [
        ("Zed-brand", True, alpha)]
    assert by_label["B"] == []


# Pages, on the `content` fixture.

@pytest.fixture
def library(content):
    content.write("alpha", brand_names=["Zeta-brand"], drug_class="Benzodiazepine",
                  dosing=[dose("Seizure disorders"), dose("Panic disorder")])
    content.write("beta", brand_names=["Betabrand"], drug_class="benzodiazepine",
                  dosing=[dose("seizure disorder", "Children")])
    content.write("gamma", drug_class="Anticonvulsant", dosing=[dose("Epilepsy")])
    content.load()
    return content


@pytest.mark.django_db
def test_a_to_z_lists_generics_and_brands_with_letter_links(client, library):
    doc = parse_page(client.get("/drugs/").content.decode())
    letters = doc.find(".//nav[@aria-label='Jump to a letter']")
    assert {a.text: a.get("href") for a in letters.iter("a")} == {
        "A": "#letter-a", "B": "#letter-b", "G": "#letter-g", "Z": "#letter-z"}
    empty = [text_of(span) for span in letters.iter("span") if span.get("class") == "letter-empty"]
    assert "C (no medicines)" in empty and len(empty) == 27 - 4
    zed = doc.find(".//section[@id='letter-z']")
    link = zed.find(".//a")
    assert (link.text, link.get("href")) == ("Zeta-brand", "/drugs/alpha/")
    assert "brand of alpha" in text_of(zed)


@pytest.mark.django_db
def test_a_to_z_queries_do_not_grow_with_the_number_of_monographs(
        client, content, django_assert_max_num_queries):
    for slug in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        content.write(slug)
    content.load()
    with django_assert_max_num_queries(6):  # 2, plus 4 from revision_cached
        response = client.get("/drugs/")
    assert response.content.decode().count('class="brand-entry"') == 6


@pytest.mark.django_db
def test_class_page_lists_monographs_of_the_class_whatever_its_case(client, library):
    doc = parse_page(client.get("/classes/benzodiazepine/").content.decode())
    assert doc.find(".//h1").text == "Benzodiazepine"
    hrefs = [a.get("href") for a in doc.find(".//ul[@class='drug-list']").iter("a")]
    assert hrefs == ["/drugs/alpha/", "/drugs/beta/"]


@pytest.mark.django_db
def test_class_list_links_every_class_with_its_count(client, library):
    doc = parse_page(client.get("/classes/").content.decode())
    items = [text_of(li) for li in doc.find(".//ul[@class='group-list']")]
    assert items == ["Anticonvulsant (1 medicine)", "Benzodiazepine (2 medicines)"]


@pytest.mark.django_db
def test_condition_page_merges_spellings_and_names_the_populations(client, library):
    doc = parse_page(client.get("/conditions/seizure-disorder/").content.decode())
    assert doc.find(".//h1").text == "Seizure disorders"
    rows = [text_of(li) for li in doc.find(".//ul[@class='drug-list']")]
    assert len(rows) == 2
    assert rows[0].startswith("Alpha") and rows[0].endswith("labeled for: Adults")
    assert rows[1].startswith("Beta") and rows[1].endswith("labeled for: Children")
    assert doc.find(".//ul[@class='drug-list']//a").get("href") == "/drugs/alpha/#dosing"


@pytest.mark.django_db
def test_condition_list_has_one_entry_per_condition(client, library):
    doc = parse_page(client.get("/conditions/").content.decode())
    items = [text_of(li) for li in doc.find(".//ul[@class='group-list']")]
    assert items == ["Epilepsy (1 medicine)", "Panic disorder (1 medicine)",
                     "Seizure disorders (2 medicines)"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/classes/no-such-class/", "/conditions/no-such-condition/"])
def test_unknown_class_or_condition_is_404(client, library, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_drafts_and_removed_monographs_are_not_browsable(client, published_draft_and_removed):
    pages = "".join(client.get(url).content.decode() for url in (
        "/drugs/", "/classes/", "/conditions/", "/"))
    assert "/drugs/alpha/" in pages and "Alphaclass" in pages and "Alpha fever" in pages
    for hidden in ("beta", "Beta", "gamma", "Gamma"):
        assert hidden not in pages
    for url in ("/classes/betaclass/", "/classes/gammaclass/",
                "/conditions/beta-fever/", "/conditions/gamma-fever/"):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url, trail", [
    ("/drugs/", ["Home", "Medicines"]),
    ("/drugs/alpha/", ["Home", "Medicines", "Alpha"]),
    ("/classes/", ["Home", "Drug classes"]),
    ("/classes/benzodiazepine/", ["Home", "Drug classes", "Benzodiazepine"]),
    ("/conditions/", ["Home", "Conditions"]),
    ("/conditions/epilepsy/", ["Home", "Conditions", "Epilepsy"]),
    ("/drugs/alpha/history/", ["Home", "Medicines", "Alpha", "History"]),
    ("/no-such-page/", ["Home", "Page not found"]),
])
def test_every_page_has_breadcrumbs_ending_at_the_current_page(client, library, url, trail):
    doc = parse_page(client.get(url).content.decode())
    crumbs = doc.find(".//nav[@aria-label='Breadcrumb']")
    assert [text_of(li) for li in crumbs.iter("li")] == trail
    current = [el for el in crumbs.iter() if el.get("aria-current") == "page"]
    assert [text_of(el) for el in current] == [trail[-1]]


@pytest.mark.django_db
def test_medicines_breadcrumb_points_at_the_a_to_z(client, library):
    doc = parse_page(client.get("/drugs/alpha/").content.decode())
    links = {a.text: a.get("href") for a in doc.find(".//nav[@aria-label='Breadcrumb']").iter("a")}
    assert links["Medicines"] == "/drugs/"


def test_class_slug_is_case_insensitive():
    assert class_slug("Benzodiazepine") == class_slug("benzodiazepine") == "benzodiazepine"


@pytest.mark.django_db
def test_two_regimens_of_one_condition_are_one_condition(client, content):
    """PMDD taken every day or in the luteal phase is one condition with two rules."""
    content.write("alpha", dosing=[
        dose("Premenstrual dysphoric disorder, taken every day", condition="PMDD"),
        dose("Premenstrual dysphoric disorder, taken in the luteal phase", condition="PMDD"),
    ])
    content.load()
    html = client.get("/conditions/").content.decode()
    assert html.count("/conditions/pmdd/") == 1
    assert "/conditions/premenstrual" not in html
    assert client.get("/conditions/pmdd/").status_code == 200
