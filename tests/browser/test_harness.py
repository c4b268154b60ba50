"""The harness itself: CI can never silently skip the browser checks."""

import pytest

from .conftest import require


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

