"""Participation in Chromium: a member follows a clause, another proposes an amendment on it, the first finds it
from their page and from a search (issue 19)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_follow_a_clause_then_find_the_amendment_from_my_page_and_a_search(page, live_server):
    log_in(page, live_server, "sofie@nuage-commun.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    clause_id = clause.get_attribute("id").removeprefix("clause-")
    page.goto(f"{live_server}/documents/charte/clauses/{clause_id}")
    page.locator("form.follow-form button").click()
    expect(page.locator("form.follow-form button")).to_have_attribute("aria-pressed", "true")
    page.locator("form[action='/logout'] button").click()

    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    clause.locator("details.clause-menu summary").click()
    clause.locator(".clause-menu a", has_text="proposer une modification").click()
    page.get_by_label("Texte proposé").fill(
        "3. Documenter son installation et la rendre reproductible par les coopératives voisines.")
    page.get_by_label("Titre de l’amendement").fill("Une installation reproductible")
    page.get_by_label("Pourquoi ce changement ?").fill("Pour que d'autres puissent la refaire.")
    page.get_by_role("button", name="Proposer cet amendement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Une installation reproductible")
    page.locator("form[action='/logout'] button").click()

    log_in(page, live_server, "sofie@nuage-commun.example")
    page.goto(f"{live_server}/me")
    expect(page.get_by_role("link", name=re.compile("Une installation reproductible"))).to_be_visible()
    page.locator("#site-search-q").fill("cooperative reproductibles")
    page.locator("#site-search-q").press("Enter")
    result = page.locator(".search-result", has_text="Une installation reproductible")
    expect(result.locator("mark").first).to_be_visible()
    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Une installation reproductible")
