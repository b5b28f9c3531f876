"""Joining in a real Chromium: apply, members comment, the delegates vote, the newcomer is a member, it signs.

New strings are not translated yet, so the locators here use field ids, names and actions, not labels.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.applications.models import Application
from app.votes.models import Vote
from tests.support.applications import confirmation_link
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import AXE, axe_page, violations  # noqa: F401  (fixture)
from tests.support.databases import require_or_skip

pytestmark = pytest.mark.e2e


def log_out(page) -> None:
    page.locator("form[action$='/logout'] button[type=submit]").click()  # some demo delegates read English


def apply(page, base_url: str) -> None:
    page.goto(f"{base_url}/join")
    page.locator("#name").fill("Chatons du Coin")
    page.locator("#website").fill("https://coin.example")
    page.locator("#description").fill("Un petit hébergeur associatif nantais.")
    page.locator("#services").fill("Pads | Écriture à plusieurs | https://pad.coin.example")
    page.locator("#contact_name").fill("Awa Coin")
    page.locator("#contact_email").fill("awa@coin.example")
    page.locator("#password").fill("un mot de passe")
    page.locator("#has_read_charter").check()
    page.locator("main form button[type=submit]").click()


def test_newcomer_applies_is_voted_in_and_signs(page, live_server, live_app):
    apply(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chatons du Coin")
    application_url = page.url
    with live_app.app_context():  # the discussion period passes
        application = db.session.scalar(select(Application).order_by(Application.id.desc()))
        application.submitted_at = utcnow() - timedelta(days=30)
        db.session.commit()
        link = confirmation_link("awa@coin.example")
    page.goto(live_server + link)  # the contact opens the link e-mailed to them: their account is made
    expect(page.locator(".flash, [role=status], [role=alert]").first).to_contain_text("adresse e-mail est confirmée")
    log_in(page, live_server, "bastien@la-clede.example")  # a member asks a question before the vote
    page.goto(application_url)
    page.locator("#application-body").fill("Où sont hébergés vos pads ?")
    page.locator("#application-comment-form button[type=submit]").click()
    expect(page.locator("#discussion .comment", has_text="Où sont hébergés vos pads ?")).to_be_visible()
    log_out(page)
    log_in(page, live_server, "awa@coin.example", "un mot de passe")  # the candidate answers in the thread
    page.goto(application_url)
    page.locator("#discussion .thread__reply summary").click()
    page.locator("#discussion .thread__reply textarea[name=body]").fill("À Nantes, chez nous.")
    page.locator("#discussion .thread__reply button[type=submit]").click()
    reply = page.locator("#discussion .thread__replies .comment", has_text="À Nantes, chez nous.")
    expect(reply).to_be_visible()
    log_out(page)
    log_in(page, live_server, "camille@chls.example")
    page.goto(application_url)
    page.locator("form[action$='/vote/open'] button[type=submit]").click()
    log_out(page)
    for delegate in ("mathilde@la-clede.example", "yanis@campus-libre-lyon.example", "sofie@nuage-commun.example"):
        log_in(page, live_server, delegate)
        page.goto(application_url)
        page.locator("input[name=choice][value=for]").check()
        page.locator(".ballot-form button[type=submit]").click()
        expect(page.locator(".ballot")).to_have_count(["mathilde", "yanis", "sofie"].index(delegate.split("@")[0]) + 1)
        log_out(page)
    with live_app.app_context():  # the deadline passes
        vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "application"))
        vote.closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    page.goto(application_url)
    expect(page.locator(".vote-panel__state .badge--accepted")).to_be_visible()
    page.goto(f"{live_server}/organisations")
    card = page.locator("#dir-member ~ ul .card", has_text="Chatons du Coin")
    expect(card).to_be_visible()
    expect(card.locator(".badge--former")).to_be_visible()  # has not signed yet
    log_in(page, live_server, "awa@coin.example", "un mot de passe")
    page.goto(f"{live_server}/organisations/chatons-du-coin")
    page.locator("form[action$='/sign'] button[type=submit]").click()
    page.goto(f"{live_server}/organisations")
    expect(page.locator("#dir-member ~ ul .card", has_text="Chatons du Coin").locator(".badge--member")).to_be_visible()


@pytest.mark.parametrize("who", [None, "mathilde@la-clede.example"])
def test_membership_pages_have_no_accessibility_violations(axe_page, live_server, who):
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    if who:
        log_in(axe_page, live_server, who)
    pages = ["/organisations/la-clede", "/organisations/leman-libre", "/organisations?service=Pads",
             "/applications", "/applications/1"] + (["/organisations/la-clede/edit"] if who else ["/join"])
    for path in pages:
        axe_page.goto(f"{live_server}{path}")
        assert violations(axe_page) == [], path
