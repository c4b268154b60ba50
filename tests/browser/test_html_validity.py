"""The Nu Html Checker (vnu-jar, run with Java) finds no error in any page as served."""

import pytest

from .conftest import require_built
from .pages import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_is_valid_html(vnu_report, page):
    require_built(page)
    status, errors = vnu_report[page.name]
    assert status == page.status
    assert not errors, "\n".join(errors)
