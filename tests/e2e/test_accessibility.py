"""axe-core in Chromium on the main pages: zero violations (WCAG 2.1 A and AA rules)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import log_in
from tests.support.databases import require_or_skip

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/login", "/documents", "/documents/charte", "/documents/charte/history",
         "/documents/charte/compare?from=1&to=4", "/documents/charte/versions/4/blame", "/amendments",
         "/amendments/10", "/amendments/11", "/votes", "/organisations", "/documents/charte/discussion"]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | ')}`);
    }""")
    return result


@pytest.fixture
def axe_page(browser):
    """A page whose CSP lets the test inject axe-core (the app itself allows no inline script)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("who", [None, "mathilde@la-clede.example"])
def test_main_pages_have_no_accessibility_violations(axe_page, live_server, who):
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    page = axe_page
    if who:
        log_in(page, live_server, who)
    found = {}
    for path in PAGES + (["/documents/charte/amendments/new", "/account"] if who else []):
        page.goto(live_server + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}
