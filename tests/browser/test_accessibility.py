"""axe-core, injected into each page, reports no violation of any rule it runs by default
(WCAG 2.x A and AA plus best practices)."""

import pytest

from .pages import PAGES

pytestmark = pytest.mark.browser

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v =>
    `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.parametrize("target", PAGES, ids=lambda target: target.name)
def test_page_has_no_axe_violations(new_context, site, axe_source, target):
    # bypass_csp: axe is injected as a script the site's CSP would rightly refuse.
    tab = new_context(bypass_csp=True).new_page()
    response = tab.goto(site.url(target.path))
    assert response.status == target.status
    tab.add_script_tag(path=axe_source)
    violations = tab.evaluate(RUN_AXE)
    assert not violations, "\n".join(violations)
