"""Proxies in a real Chromium: a delegate gives their organisation's proxy, the holder's delegate casts both
ballots, the facilitator reads the minutes once the vote closed; axe finds nothing on those pages."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.amendments.models import Amendment
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person
from app.votes.models import Ballot, Vote
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import AXE, axe_page, violations  # noqa: F401  (fixture)
from tests.support.databases import require_or_skip

pytestmark = pytest.mark.e2e

DELEGATES = ["mathilde@la-clede.example", "yanis@campus-libre-lyon.example", "sofie@nuage-commun.example",
             "gwenaelle@forge-a-bits.example"]


def log_out(page) -> None:
    page.locator("form[action$='/logout'] button[type=submit]").click()


def two_delegates_yet_to_vote(live_app) -> tuple:
    """The demo's open vote, and two delegates whose organisations have not voted on it yet."""
    with live_app.app_context():
        vote = db.session.scalar(select(Vote).join(Amendment, Vote.subject_id == Amendment.id)
                                 .where(Vote.subject_kind == "amendment", Vote.status == "open").order_by(Vote.id))
        voted = set(db.session.scalars(select(Ballot.organisation_id).where(Ballot.vote_id == vote.id)))
        free = [db.session.scalar(select(Person).where(Person.email == email)) for email in DELEGATES]
        free = [person for person in free if person.organisation_id not in voted]
        assert len(free) >= 2, "the demo needs two organisations yet to vote"
        giver, holder = free[:2]
        return (giver.email, holder.email, giver.organisation.slug, holder.organisation.slug, vote.id,
                vote.subject_id, holder.name)


def test_a_proxy_given_used_and_filed_in_the_minutes(axe_page, live_server, live_app):
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    page = axe_page
    giver, holder, giver_slug, holder_slug, vote_id, amendment_id, holder_name = two_delegates_yet_to_vote(live_app)
    url = f"{live_server}/amendments/{amendment_id}"
    log_in(page, live_server, giver)
    page.goto(url + "#vote")
    page.locator(".vote-panel__proxy summary").click()
    page.locator(".vote-panel__proxy select[name=to]").select_option(holder_slug)
    page.locator(".vote-panel__proxy button[type=submit]").click()
    expect(page.locator("form[action$='/vote/proxy/revoke']")).to_be_visible()
    assert violations(page) == []
    log_out(page)
    log_in(page, live_server, holder)
    page.goto(url + "#vote")
    proxy_form = page.locator(f"form:has(input[name=on_behalf_of][value={giver_slug}])")
    expect(proxy_form).to_be_visible()
    assert violations(page) == []
    proxy_form.locator("input[value=against]").check()
    proxy_form.locator("button[type=submit]").click()
    page.locator("form.ballot-form:not(:has(input[name=on_behalf_of])) input[name=choice][value=for]").check()
    page.locator("form.ballot-form:not(:has(input[name=on_behalf_of])) button[type=submit]").click()
    with live_app.app_context():
        ballots = {b.organisation.slug: (b.choice, b.proxy_holder.slug if b.proxy_holder else None)
                   for b in db.session.scalars(select(Ballot).where(Ballot.vote_id == vote_id))}
        assert ballots[giver_slug] == ("against", holder_slug) and ballots[holder_slug] == ("for", None)
        vote = db.session.get(Vote, vote_id)
        vote.closes_at = utcnow() - timedelta(seconds=1)  # the deadline passes
        db.session.commit()
    log_out(page)
    log_in(page, live_server, "camille@chls.example")
    page.goto(f"{live_server}/votes/{vote_id}/minutes")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".minutes__ballots")).to_contain_text(holder_name)
    assert violations(page) == []
    markdown = page.request.get(f"{live_server}/votes/{vote_id}/minutes.md")
    assert markdown.ok and markdown.headers["content-type"].startswith("text/markdown")
