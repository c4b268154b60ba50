"""The Nu Html Checker (vnu-jar, run with Java) finds no error in any page as served."""

import pytest

from .pages import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("target", PAGES, ids=lambda target: target.name)
def test_page_is_valid_html(vnu_report, target):
    status, errors = vnu_report[target.name]
    assert status == target.status
    assert not errors, "\n".join(errors)
