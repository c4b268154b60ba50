"""Monograph pages as readers get them."""

import pytest

from .factories import SECTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content):
    content.write(brand_names=["Testopin"], sections={
        **SECTIONS,
        "Dosing": "Start at 1.5 mg a day.[^test-label]",
    })
    content.load()
    return content


def test_monograph_page_shows_names_class_and_sections(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    assert "<h1>Testazepam</h1>" in html
    assert "Testopin" in html and "Benzodiazepine" in html
    for anchor in ("indications", "mechanism-of-action", "dosing", "warnings", "side-effects"):
        assert f'id="{anchor}"' in html


def test_first_come_the_summary_the_notice_and_the_boxed_items_in_plain_words(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    assert (html.index('class="summary"') < html.index('aria-label="Consult your prescriber"')
            < html.index('class="boxed-warning"') < html.index('id="indications"'))
    box = html[html.index('class="boxed-warning"'):html.index("</section>",
                                                              html.index('class="boxed-warning"'))]
    assert "Taking it with opioid pain medicines can slow your breathing." in box
    assert "concomitant" not in box
    assert 'href="#boxed-warning-label"' in box


def test_the_labeled_boxed_titles_open_the_warnings_section(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    warnings = html[html.index('id="warnings"'):]
    assert warnings.index('id="boxed-warning-label"') < warnings.index("</section>")
    assert "<li>Risks from concomitant use with opioids</li>" in warnings


def test_page_without_boxed_warning_has_no_box(client, content):
    content.write(boxed_warning=[], sections={
        **SECTIONS, "Warnings": "Drowsiness.[^test-label]"})
    content.load()
    html = client.get("/drugs/testazepam/").content.decode()
    assert 'class="boxed-warning"' not in html


def test_dosing_table_is_built_from_structured_dosing(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    assert "<th scope=\"row\">Seizure disorders</th>" in html
    assert "0.5 to 1 mg every 3 days" in html
    assert "20 mg/day" in html


def test_sources_name_the_exact_label_version_and_citations_link_to_them(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    assert '<li id="source-test-label">' in html
    assert ("DailyMed set 00000000-1111-2222-3333-444444444444, version 12, "
            "effective 2025-06-02") in html
    assert 'href="#source-test-label"' in html


def test_review_line_names_reviewer_and_dates(client, loaded):
    html = client.get("/drugs/testazepam/").content.decode()
    assert "Reviewed on <time datetime=\"2026-01-10\">" in html
    assert "Test reviewers" in html
    assert "next review due <time datetime=\"2027-01-10\">" in html


def test_script_that_got_past_the_check_is_still_not_served(client, content):
    # The check refuses raw <script> (HTML001); rendering sanitizes anyway, so content
    # stored without the check (defence in depth) cannot serve it either.
    path = content.write(sections={
        **SECTIONS,
        "Dosing": "Start at 1.5 mg a day.[^test-label] <script>alert(1)</script>",
    })
    content.store_unchecked(path)
    html = client.get("/drugs/testazepam/").content.decode()
    assert "alert(1)</script>" not in html.split('id="dosing"')[1].split("</section>")[0]


def test_brand_name_url_redirects_permanently_to_the_generic_page(client, loaded):
    response = client.get("/drugs/testopin/")
    assert response.status_code == 301
    assert response["Location"] == "/drugs/testazepam/"


def test_draft_is_never_served(client, content):
    content.write(status="draft")
    content.load()
    assert client.get("/drugs/testazepam/").status_code == 404
    assert b"testazepam" not in client.get("/").content.lower()


def test_unknown_drug_gets_a_helpful_404(client, loaded):
    response = client.get("/drugs/no-such-drug/")
    assert response.status_code == 404
    assert b"Browse all medicines A to Z" in response.content


def test_home_lists_published_monographs(client, loaded):
    html = client.get("/").content.decode()
    assert 'href="/drugs/testazepam/"' in html


def test_page_past_its_review_date_says_so_at_the_top(client, content):
    # Loaded while the review was current (the fixture's check date is 2026-06-01);
    # by the time it is served the due date has passed.
    content.write(reviewed_on="2026-01-10", review_due="2026-07-01")
    content.load()
    html = client.get("/drugs/testazepam/").content.decode()
    assert "This page is past its review date" in html
    assert html.index('class="overdue-notice"') < html.index('class="summary"')


def test_page_within_its_review_date_has_no_overdue_notice(client, loaded):
    assert b"past its review date" not in client.get("/drugs/testazepam/").content


def test_site_url_setting_makes_absolute_links_the_same_for_every_host(client, loaded, settings):
    settings.SITE_URL = "https://refsite.example"
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    first = client.get("/drugs/testazepam/").content.decode()
    second = client.get("/drugs/testazepam/", HTTP_HOST="other.example").content.decode()
    assert '"url": "https://refsite.example/drugs/testazepam/"' in first
    assert "https%3A%2F%2Frefsite.example%2Fdrugs%2Ftestazepam%2F" in first
    assert "other.example" not in second


def test_every_monograph_has_the_help_box_with_numbers_from_settings(client, content, settings):
    settings.REFSITE_HELP = {**settings.REFSITE_HELP,
                             "poison": {"label": "Poison Help line", "number": "1-800-000-0000"}}
    content.write(boxed_warning=[])
    content.load()
    html = client.get("/drugs/testazepam/").content.decode()
    assert "Get help now" in html
    assert 'href="tel:911"' in html and 'href="tel:18000000000">1-800-000-0000' in html
    assert "988" not in html


def test_the_crisis_line_appears_where_the_label_warns_of_suicidal_thoughts(client, content):
    content.write(boxed_warning=[{"title": "Suicidal thoughts and behaviors",
                                  "plain": "Watch for new thoughts of suicide."}], sections={
        **SECTIONS, "Warnings": "- **Suicidal thoughts and behaviors:** watch mood closely."
                                "[^test-label]"})
    content.load()
    html = client.get("/drugs/testazepam/").content.decode()
    assert 'href="tel:988"' in html and "Suicide &amp; Crisis Lifeline" in html


def test_a_one_form_page_is_headed_by_its_title_wherever_it_is_named(client, content):
    content.write(title="Testazepam extended-release tablets")
    content.load()
    page = client.get("/drugs/testazepam/").content.decode()
    assert "<h1>Testazepam extended-release tablets</h1>" in page
    assert "<title>Testazepam extended-release tablets" in page
    assert "Testazepam extended-release tablets</a>" in client.get("/drugs/").content.decode()


def test_a_page_without_a_title_is_headed_by_its_generic_name(client, loaded):
    page = client.get("/drugs/testazepam/").content.decode()
    assert "<h1>Testazepam</h1>" in page and "<title>Testazepam (Testopin)" in page
