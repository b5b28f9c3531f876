"""axe-core in Chromium on the pages of every journey: zero violations (WCAG 2.1 A and AA rules).

Each role reads its pages in French and in English; the reading pages (document, amendment)
are checked again at a phone's width. A page that does not answer 200 is a failure too, so
that a typo in a path cannot pass for an accessible page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.applications.models import Application
from app.members.models import Person
from app.applications.voting import open_membership_vote
from tests.e2e.conftest import log_in
from tests.support.databases import require_or_skip

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Demo amendments: 11 in discussion, 10 in voting, 1 adopted, 4 needing an update (Mathilde's), 5 rejected.
READING = ["/documents/charte", "/documents/manifeste", "/amendments/11", "/amendments/10", "/amendments/1"]
# The pages whose content depends on who reads them (margin actions, forms, the vote panel).
PERSONAL = READING + ["{clause_discussion}", "/documents/charte/discussion", "/amendments/4", "/votes",
                      "/applications/1", "/organisations/la-clede"]
PUBLIC = PERSONAL + [
    "/", "/login", "/join", "/documents", "/documents/charte/versions/2", "/documents/charte/history",
    "/documents/charte/compare?from=1&to=4", "/documents/charte/compare?from=1&to=4&mode=side",
    "/documents/charte/compare?from=1&to=4&mode=side&context=full", "{clause_history}",
    "/documents/charte/versions/4/blame", "/amendments", "/documents/charte/amendments", "/amendments/5",
    "/organisations", "/applications", "/search?q=donnees",
]
MAIN = READING + ["/", "/login", "/join", "/documents/charte/compare?from=1&to=4",
                  "/documents/charte/compare?from=1&to=4&mode=side", "/organisations", "/votes"]
MEMBER = ["/account", "/notifications", "/me", "/search?q=donnees", "/documents/charte/amendments/new",
          "/documents/charte/amendments/new?clause={clause_id}"]
# Each role: who logs in, every page it reads in its first language, and in the other one.
ROLES = {
    "visitor": (None, ("fr", PUBLIC), ("en", MAIN)),
    # Mathilde, delegate of La Clède, author of amendment 4; Camille, facilitator.
    "delegate": ("mathilde@la-clede.example", ("en", PERSONAL + MEMBER + ["/amendments/4/edit"]),
                 ("fr", READING + MEMBER + ["/amendments/4/edit"])),
    "facilitator": ("camille@chls.example",
                    ("fr", PERSONAL + MEMBER + ["/applications/rules", "/documents/charte/rules", "/admin/",
                                                "/invite"]),
                    ("en", READING + ["/applications/1", "/applications/rules", "/documents/charte/rules"])),
}
AXE_URL = "/__axe-core__.js"  # served by the test itself (see axe_page), cached by the browser between pages


def violations(page) -> list[str]:
    page.add_script_tag(url=AXE_URL)
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
        return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) `
                                     + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""", TAGS)


@pytest.fixture
def axe_page(browser):
    """A page whose CSP lets the test inject axe-core (the app itself allows no inline script)."""
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    source = AXE.read_text()
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, bypass_csp=True)
    context.route(f"**{AXE_URL}", lambda route: route.fulfill(
        body=source, content_type="text/javascript", headers={"Cache-Control": "max-age=3600"}))
    yield context.new_page()
    context.close()


def switch_language(page, base_url: str, language: str) -> None:
    """Through the language switch of the header (kept in the session, or the account)."""
    page.goto(f"{base_url}/")
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switch button[value={language}]").click()
        page.wait_for_function("language => document.documentElement.lang === language", arg=language)


def audit(page, base_url: str, paths: list[str], values: dict, found: dict, label: str) -> None:
    for path in paths:
        path = path.format(**values)
        response = page.goto(base_url + path)
        if response is None or response.status != 200:
            found[f"{label} {path}"] = [f"answered {response.status if response else 'nothing'}"]
            continue
        problems = violations(page)
        if problems:
            found[f"{label} {path}"] = problems


def open_application_vote(app) -> None:
    """The demo's pending application put to the vote: its page then shows the shared vote panel."""
    with app.app_context():
        camille = db.session.scalar(select(Person).where(Person.email == "camille@chls.example"))
        open_membership_vote(db.session.get(Application, 1), by=camille, now=utcnow())
        db.session.commit()


@pytest.mark.parametrize("role", list(ROLES))
def test_pages_have_no_accessibility_violations(axe_page, live_server, live_app, role):
    page = axe_page
    email, (first, pages), (second, other_pages) = ROLES[role]
    if email:
        log_in(page, live_server, email)
    page.goto(f"{live_server}/documents/manifeste")
    clause_id = page.locator(".clause").nth(2).get_attribute("id").removeprefix("clause-")
    values = {
        "clause_id": clause_id,
        "clause_history": f"/documents/manifeste/clauses/{clause_id}",
        "clause_discussion": page.locator(".clause__margin a[href*='/comments']").first.get_attribute("href"),
    }
    found: dict[str, list[str]] = {}
    switch_language(page, live_server, first)
    audit(page, live_server, pages, values, found, first)
    open_application_vote(live_app)
    audit(page, live_server, ["/applications/1"], values, found, f"{first} (voting)")
    switch_language(page, live_server, second)
    audit(page, live_server, other_pages, values, found, second)
    page.set_viewport_size(PHONE)
    audit(page, live_server, READING + (["/documents/charte/amendments/new"] if email else []),
          values, found, f"{second} 390 px")
    assert found == {}


def test_the_audit_finds_a_violation(axe_page, live_server):
    """The check itself works: an image without a text alternative is reported."""
    page = axe_page
    page.goto(f"{live_server}/login")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert any(problem.startswith("image-alt") for problem in violations(page))
