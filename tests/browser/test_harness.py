"""The harness itself: CI can never silently skip the browser checks, and a page still
being built elsewhere is checked as soon as its route exists."""

import pytest

from .conftest import require
from .pages import Page


def test_missing_tool_skips_on_a_developer_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        require(False, "chromium", "apt-get install chromium")


def test_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require(False, "chromium", "apt-get install chromium")


def test_present_tool_neither_skips_nor_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require(True, "chromium", "apt-get install chromium")


def test_pending_page_without_a_route_is_not_checked_yet():
    page = Page("later", "/not-built-yet/", pending="a later feature")
    assert "a later feature" in page.unbuilt_reason()


def test_pending_page_is_checked_once_its_route_exists():
    assert Page("home", "/?q=x", pending="home").unbuilt_reason() == ""


def test_page_that_is_not_pending_is_always_checked():
    assert Page("gone", "/not-built-yet/").unbuilt_reason() == ""
