"""Issue 14 as a new reader meets it on a 375 x 740 phone: the first screen, dosing
cards, side-effect charts a screen reader can read, dark mode that keeps its contrast,
and the printout."""

import pytest
from playwright.sync_api import expect

from .pages import MONOGRAPH, WITH_CHARTS
from .test_accessibility import RUN_AXE

pytestmark = pytest.mark.browser

FIRST_SCREEN = {"width": 375, "height": 740}


def phone(new_context, path, site, **options):
    tab = new_context(viewport=FIRST_SCREEN, is_mobile=True, has_touch=True, **options).new_page()
    tab.goto(site.url(path))
    return tab


def within_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"]


def test_the_first_screen_holds_name_summary_notice_and_plain_warnings(new_context, site):
    tab = phone(new_context, MONOGRAPH, site)
    for locator in (tab.locator("h1"), tab.locator(".brand-line"), tab.locator(".summary"),
                    tab.get_by_role("complementary", name="Consult your prescriber")):
        assert within_first_screen(locator), locator
    box = tab.get_by_role("region", name="Serious warnings")
    items = box.locator("li")
    assert items.count() == 3
    for index in range(items.count()):
        assert within_first_screen(items.nth(index)), items.nth(index).inner_text()
    assert "opioid medicines" in items.first.inner_text()
    assert "concomitant" not in box.inner_text()  # label words stay one tap away


def test_the_labeled_boxed_titles_are_one_tap_away(new_context, site):
    tab = phone(new_context, MONOGRAPH, site)
    tab.get_by_role("link", name="The FDA boxed warning, as labeled").click()
    labeled = tab.locator("#boxed-warning-label")
    expect(labeled).to_be_in_viewport()
    expect(labeled).to_contain_text("Risks from concomitant use with opioids")


def test_dosing_is_one_card_per_rule_on_a_phone_and_a_table_on_a_wide_screen(new_context, site):
    tab = phone(new_context, MONOGRAPH, site)
    cards = tab.locator(".dose-card")
    rows = tab.locator(".dosing-table tbody tr")
    expect(tab.locator(".dosing-table")).to_be_hidden()
    assert cards.count() == rows.count() > 0
    expect(cards.first).to_be_visible()
    expect(cards.first).to_contain_text("Maximum a day")
    wide = new_context(viewport={"width": 1024, "height": 800}).new_page()
    wide.goto(site.url(MONOGRAPH))
    expect(wide.locator(".dosing-table")).to_be_visible()
    expect(wide.locator(".dose-card").first).to_be_hidden()


@pytest.mark.parametrize("path", [MONOGRAPH, WITH_CHARTS])
def test_nothing_scrolls_sideways_on_the_first_screen_phone(new_context, site, path):
    tab = phone(new_context, path, site)
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= FIRST_SCREEN["width"]


def test_the_side_effect_chart_has_an_accessible_name_and_its_numbers_as_a_table(new_context,
                                                                                site):
    tab = phone(new_context, WITH_CHARTS, site)
    chart = tab.get_by_role("img", name="Adults with nerve pain after shingles: side effects "
                                         "in the label's trials, percent of people")
    expect(chart).to_be_visible()
    assert "Dizziness: 28% on gabapentin, 8% on placebo" in chart.evaluate(
        "svg => svg.querySelector('desc').textContent")
    table = tab.get_by_role("table", name="Adults with nerve pain after shingles: percent of "
                                          "people with each side effect")
    row = table.get_by_role("row", name="Dizziness 28% 8%")
    expect(row).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] + box["width"] <= FIRST_SCREEN["width"]


@pytest.mark.parametrize("path", [MONOGRAPH, WITH_CHARTS, "/about/editorial-policy/", "/"])
def test_dark_mode_passes_axe_colour_contrast_and_every_other_rule(new_context, site,
                                                                   axe_source, path):
    tab = new_context(bypass_csp=True, color_scheme="dark").new_page()
    tab.goto(site.url(path))
    background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the dark scheme was not applied"
    tab.add_script_tag(path=axe_source)
    violations = tab.evaluate(RUN_AXE)
    assert not violations, "\n".join(violations)


def test_print_keeps_the_dosing_table_and_the_chart_even_from_a_phone(new_context, site):
    tab = phone(new_context, WITH_CHARTS, site)
    tab.emulate_media(media="print")
    expect(tab.locator(".dosing-table")).to_be_visible()
    expect(tab.locator(".dose-card").first).to_be_hidden()
    expect(tab.locator(".side-effects-chart").first).to_be_visible()
    expect(tab.get_by_role("complementary", name="Get help now")).to_be_visible()
