"""Issue 15's journey in a real Chromium: three amendments rewrite one clause of the demo charter; the
facilitator puts them to one ranked vote from an amendment's page; five organisations rank them with the
selects (one by proxy); the Schulze winner — not the plurality winner — is merged into the next version,
the other two are *not retained*, and the minutes show the matrix. axe finds nothing on the pages."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.amendments import services as amendments
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents.models import Document
from app.documents.queries import get_version
from app.extensions import db
from app.members.models import Person
from app.votes.models import Vote
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import AXE, PHONE, axe_page, violations  # noqa: F401  (fixture)
from tests.support.databases import require_or_skip

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("PALABRE_SHOTS", "/work/shots/ranked"))
WORDS = ("Vendre", "Céder", "Transmettre")


def log_out(page) -> None:
    page.locator("form[action$='/logout'] button[type=submit]").click()


def three_rivals(live_app) -> tuple[str, list[int], int]:
    """Three amendments to the first paragraph of the charter's head, proposed a month ago by a member."""
    with live_app.app_context():
        charter = db.session.scalar(select(Document).where(Document.slug == "charte"))
        head = get_version(charter, charter.head_number)
        paragraph = next(line for line in head.markdown.splitlines()
                         if len(line) > 40 and not line.startswith(("#", "-", "*", "|", ">")) and line[0].isalpha())
        author = db.session.scalar(select(Person).where(Person.email == "bastien@la-clede.example"))
        made = [amendments.create_amendment(
            charter, author=author, title=f"{word} : une autre rédaction", rationale="Plus clair.",
            markdown=head.markdown.replace(paragraph, f"{paragraph} ({word.lower()})", 1), base_number=head.number,
            now=utcnow() - timedelta(days=40)) for word in WORDS]
        db.session.commit()
        return paragraph, [a.id for a in made], head.number


def rank(page, form, ranks: dict[int, str], prefix: str = "") -> None:
    for amendment_id, value in ranks.items():
        key = "current" if amendment_id == 0 else f"a{amendment_id}"
        form.locator(f"select[name='{prefix}rank_{key}']").select_option(value)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash, .notice").first).to_be_visible()


def test_competing_amendments_decided_in_one_ranked_vote(axe_page, live_server, live_app):
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    page = axe_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    paragraph, (vendre, ceder, transmettre), head_number = three_rivals(live_app)
    log_in(page, live_server, "camille@chls.example")
    page.goto(f"{live_server}/amendments/{vendre}")
    opening = page.locator("form.variant-form")
    expect(opening.locator("input[name=amendments]")).to_have_count(3)
    opening.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("un seul vote par classement")
    variants_url = page.url.split("#")[0]
    assert violations(page) == []
    log_out(page)

    # Léman Libre cannot vote: its delegate gives its proxy to Octets communautaires.
    log_in(page, live_server, "nicolas@leman-libre.example")
    page.goto(variants_url + "#vote")
    page.locator(".vote-panel__proxy summary").click()
    page.locator(".vote-panel__proxy select[name=to]").select_option("octets-communautaires")
    page.locator(".vote-panel__proxy button[type=submit]").click()
    expect(page.locator("form[action$='/vote/proxy/revoke']")).to_be_visible()
    log_out(page)

    # Vendre has the most first places (two), but Céder beats each other option head to head.
    ballots = {"mathilde@la-clede.example": {vendre: "1", ceder: "2", transmettre: "3", 0: "4"},
               "yanis@campus-libre-lyon.example": {vendre: "1", ceder: "2", transmettre: "3", 0: "4"},
               "sofie@nuage-commun.example": {ceder: "1", transmettre: "2", 0: "3"},
               "gwenaelle@forge-a-bits.example": {transmettre: "1", ceder: "2", 0: "3"}}
    for n, (email, ranks) in enumerate(ballots.items()):
        log_in(page, live_server, email)
        page.goto(variants_url + "#vote")
        form = page.locator("form.ballot-form:not(:has(input[name=on_behalf_of]))")
        if n == 0:
            form.locator(f"select[name=rank_a{ceder}]").select_option("2")
            expect(form.locator("[data-ranking-summary]")).to_contain_text("Amendement")
            page.set_viewport_size(PHONE)
            page.screenshot(path=str(SHOTS / "ranking-form-390-fr.png"), full_page=True)
            assert violations(page) == []
            page.set_viewport_size({"width": 1280, "height": 900})
        rank(page, form, ranks)
        log_out(page)
    log_in(page, live_server, "genevieve@octets-communautaires.example")
    page.goto(variants_url + "#vote")
    proxy_form = page.locator("form:has(input[name=on_behalf_of][value=leman-libre])")
    rank(page, proxy_form, {0: "1", ceder: "2", vendre: "3"}, prefix="proxy-leman-libre-")
    log_out(page)

    with live_app.app_context():
        vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "variants"))
        vote.closes_at = utcnow() - timedelta(seconds=1)  # the deadline passes
        db.session.commit()
        vote_id = vote.id
    page.goto(variants_url)
    expect(page.locator(".matrix__winner")).to_contain_text(f"Amendement {ceder}")
    expect(page.locator(".matrix__why")).to_contain_text("bat chacune des autres en face à face")
    page.screenshot(path=str(SHOTS / "result-1280-fr.png"), full_page=True)
    assert violations(page) == []
    with live_app.app_context():
        statuses = {a.id: a.status for a in db.session.scalars(select(Amendment).where(
            Amendment.id.in_((vendre, ceder, transmettre))))}
        assert statuses == {vendre: "not_retained", ceder: "accepted", transmettre: "not_retained"}
        charter = db.session.scalar(select(Document).where(Document.slug == "charte"))
        merged = get_version(charter, head_number + 1)
        assert f"{paragraph} (céder)" in merged.markdown and merged.vote_id == vote_id
    page.goto(f"{live_server}/amendments/{vendre}")
    expect(page.locator(".badge--not_retained").first).to_contain_text("non retenu")
    page.goto(f"{live_server}/votes/{vote_id}/minutes")
    expect(page.locator(".matrix__table--paths")).to_be_visible()
    expect(page.locator(".minutes__ballots")).to_contain_text("Octets")
    assert violations(page) == []
    page.screenshot(path=str(SHOTS / "minutes-1280-fr.png"), full_page=True)
    assert page.request.get(f"{live_server}/votes/{vote_id}/minutes.pdf").ok
