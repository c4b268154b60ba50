"""What a reader does, in a real browser: follow links, jump to a section, type a brand
name, print the page."""

import re

import pytest
from playwright.sync_api import expect

from .pages import BRAND, MONOGRAPH

pytestmark = pytest.mark.browser

# A4 less Chromium's default margins, in CSS pixels: what a printed page has room for.
A4_PRINTABLE = {"width": 700, "height": 1000}


def section_top(page, anchor):
    return page.locator(f"#{anchor}").evaluate("el => el.getBoundingClientRect().top")


def jump_through_table_of_contents(page, section):
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name=section, exact=True).click()
    anchor = section.lower().replace(" ", "-")
    expect(page).to_have_url(re.compile(f"#{anchor}$"))
    expect(page.get_by_role("heading", name=section, exact=True, level=2)).to_be_in_viewport()
    assert page.evaluate("() => window.scrollY") > 0
    assert abs(section_top(page, anchor)) < 2


def test_reader_goes_from_home_to_a_section_through_the_table_of_contents(page, site):
    page.goto(site.url("/"))
    page.get_by_role("link", name="Clonazepam", exact=True).click()
    expect(page).to_have_url(site.url(MONOGRAPH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clonazepam")
    jump_through_table_of_contents(page, "Warnings")


def test_brand_name_url_lands_on_the_generic_page(page, site):
    response = page.goto(site.url(BRAND))
    assert response.url == site.url(MONOGRAPH)
    redirect = response.request.redirected_from
    assert redirect.url == site.url(BRAND)
    assert redirect.response().status == 301
    expect(page.get_by_role("heading", level=1)).to_have_text("Clonazepam")


def test_keyboard_user_skips_the_header_straight_to_the_content(page, site):
    page.goto(site.url(MONOGRAPH))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_printing_hides_navigation_and_keeps_notice_boxed_warning_and_sources(page, site):
    page.set_viewport_size(A4_PRINTABLE)
    page.goto(site.url(MONOGRAPH))
    navigation = [
        page.locator(".site-header"),
        page.get_by_role("search"),
        page.get_by_role("navigation", name="Breadcrumb"),
        page.get_by_role("navigation", name="On this page"),
    ]
    kept = [
        page.get_by_role("complementary", name="Consult your prescriber"),
        page.get_by_role("region", name="Serious warnings"),
        page.get_by_role("region", name="Sources"),
    ]
    for locator in navigation + kept:
        expect(locator).to_be_visible()
    page.emulate_media(media="print")
    for locator in navigation:
        expect(locator).to_be_hidden()
    for locator in kept:
        expect(locator).to_be_visible()


def test_printed_dosing_table_keeps_every_column_on_the_paper(page, site):
    page.set_viewport_size(A4_PRINTABLE)
    page.goto(site.url(MONOGRAPH))
    page.emulate_media(media="print")
    table = page.locator(".dosing-table").bounding_box()
    assert table["x"] >= 0
    assert table["x"] + table["width"] <= A4_PRINTABLE["width"]


def search_from_home(page, site, query):
    page.goto(site.url("/"))
    box = page.get_by_label("Search medicines").first
    box.fill(query)
    box.press("Enter")


def test_reader_searches_and_opens_a_section_of_a_result(page, site):
    search_from_home(page, site, "significant liver disease")
    expect(page).to_have_url(re.compile(r"/search/\?q=significant\+liver\+disease"))
    result = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=re.compile("clonazepam", re.IGNORECASE)))
    # Each result links to its best-matching section, not just the top of the page.
    result.locator(".result-section").get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"{MONOGRAPH}#[a-z-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
    jump_through_table_of_contents(page, "Dosing")


def test_searching_a_brand_name_goes_straight_to_the_generic_page(page, site):
    search_from_home(page, site, "Klonopin")
    expect(page).to_have_url(site.url(MONOGRAPH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clonazepam")


def test_autocomplete_works_with_the_keyboard_alone(page, site):
    page.goto(site.url("/"))
    box = page.get_by_label("Search medicines").first
    box.press_sequentially("clonaz", delay=30)
    option = page.get_by_role("listbox").get_by_role(
        "option", name=re.compile("clonazepam", re.IGNORECASE)).first
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"\S"))
    box.press("Enter")
    expect(page).to_have_url(site.url(MONOGRAPH))


def test_a_to_z_letter_link_jumps_to_that_letter(page, site):
    page.set_viewport_size({"width": 375, "height": 600})
    page.goto(site.url("/drugs/"))
    page.get_by_role("link", name="C", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/drugs/#.+"))
    letter = page.locator(f"[id='{page.url.split('#', 1)[1]}']")
    expect(letter).to_be_in_viewport()
    page.get_by_role("link", name=re.compile(r"^Klonopin\b")).first.click()
    expect(page).to_have_url(site.url(MONOGRAPH))
