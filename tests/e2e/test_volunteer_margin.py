"""Commenting in the margin, in place (issue 21): the reader stays on the text, and the new thread
shows beside its clause; without JavaScript the same link leads to the clause's discussion page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_comment_is_written_and_shown_beside_its_clause(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    clause.locator("a[data-comment-clause]").first.click()
    form = clause.locator("form.margin-comment")
    form.get_by_label("Votre commentaire").fill("Un avis écrit dans la marge.")
    form.get_by_role("button", name="Publier").click()
    expect(clause.locator(".clause__margin")).to_contain_text("Un avis écrit dans la marge.")
    assert page.url == f"{live_server}/documents/charte"
