"""The interaction checker in a real browser: the plain GET form without JavaScript,
the autocomplete with the keyboard alone or a click."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_form_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url("/interactions/"))
    page.get_by_label(re.compile("Medicines to check")).fill("Klonopin, gabapentin")
    page.get_by_role("button", name="Check").click()
    expect(page).to_have_url(re.compile(r"/interactions/\?drugs=Klonopin%2C"))
    expect(page.get_by_role("heading", level=3, name=re.compile("Clonazepam and gabapentin"))
           ).to_be_visible()
    expect(page.get_by_text("(both labels)")).to_be_visible()
    context.close()


def test_a_monograph_links_to_the_checker_preloaded(page, site):
    page.goto(site.url("/drugs/gabapentin/"))
    page.get_by_role("link", name=re.compile("Check gabapentin with your other")).click()
    expect(page).to_have_url(re.compile(r"/interactions/\?drugs=gabapentin$"))
    expect(page.get_by_label(re.compile("Medicines to check"))).to_have_value("gabapentin")


def test_the_picker_works_with_the_keyboard_alone(page, site):
    page.goto(site.url("/interactions/"))
    box = page.get_by_label(re.compile("Medicines to check"))
    box.focus()
    box.press_sequentially("sertraline, escit", delay=30)
    option = page.get_by_role("listbox", name="Medicine names").get_by_role(
        "option", name=re.compile("escitalopram", re.IGNORECASE)).first
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"\S"))
    box.press("Enter")
    expect(box).to_have_value(re.compile(r"^sertraline, escitalopram, $"))
    box.press("Enter")
    expect(page.get_by_role("heading", level=3,
                            name=re.compile("Sertraline and escitalopram"))).to_be_visible()


def test_the_picker_takes_a_name_by_click_and_keeps_the_focus(page, site):
    page.goto(site.url("/interactions/"))
    box = page.get_by_label(re.compile("Medicines to check"))
    box.focus()
    box.press_sequentially("sertraline, escit", delay=30)
    page.get_by_role("listbox", name="Medicine names").get_by_role(
        "option", name=re.compile("escitalopram", re.IGNORECASE)).first.click()
    expect(box).to_have_value("sertraline, escitalopram, ")
    expect(box).to_be_focused()
    expect(page.get_by_role("listbox", name="Medicine names")).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="added")).to_have_text(
        re.compile("escitalopram added", re.IGNORECASE))


def test_escape_closes_the_picker_list_and_keeps_the_names_typed(page, site):
    page.goto(site.url("/interactions/"))
    box = page.get_by_label(re.compile("Medicines to check"))
    box.focus()
    box.press_sequentially("sertraline, escit", delay=30)
    listbox = page.get_by_role("listbox", name="Medicine names")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Escape")
    expect(box).to_have_value("sertraline, escit")
