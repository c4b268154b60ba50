"""Phone and desktop widths: nothing makes the page scroll sideways; wide tables scroll
inside their own box. Screenshots land in test-artifacts/screenshots/ for a person to
look at."""

import pytest

from .pages import MONOGRAPH, PAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

SIDEWAYS_OVERFLOW = """() => {
  const root = document.documentElement;
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth};
}"""


def overflow(tab):
    sizes = tab.evaluate(SIDEWAYS_OVERFLOW)
    return sizes["scrollWidth"] - sizes["clientWidth"]


@pytest.mark.parametrize("target", PAGES, ids=lambda target: target.name)
def test_page_does_not_scroll_sideways_on_a_phone(new_context, site, target):
    tab = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    tab.goto(site.url(target.path))
    assert overflow(tab) <= 0


def test_dosing_table_scrolls_inside_its_own_box_on_a_small_tablet(new_context, site):
    tab = new_context(viewport={"width": 640, "height": 900}).new_page()
    tab.goto(site.url(MONOGRAPH))
    box = tab.locator(".table-scroll")
    sizes = box.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert sizes["scroll"] > sizes["client"], "the table fits: this test no longer tests"
    before = tab.evaluate("() => window.scrollX")
    box.evaluate("el => { el.scrollLeft = 200; }")
    assert box.evaluate("el => el.scrollLeft") > 0
    assert tab.evaluate("() => window.scrollX") == before
    assert overflow(tab) <= 0


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_monograph_fits_the_screen_and_is_photographed(new_context, site, screenshots, viewport):
    tab = new_context(viewport=viewport).new_page()
    tab.goto(site.url(MONOGRAPH))
    tab.screenshot(path=screenshots / f"monograph-{viewport['width']}.png", full_page=True)
    width = viewport["width"]
    dosing = ".dose-cards" if width < 600 else ".table-scroll"
    for selector in ("h1", ".boxed-warning", ".notice", ".toc", dosing, ".sources"):
        box = tab.locator(selector).bounding_box()
        assert box is not None, selector
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, selector
    assert overflow(tab) <= 0
