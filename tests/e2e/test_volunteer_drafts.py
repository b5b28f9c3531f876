"""Two tabs on one amendment form (issue 21, point 8): each keeps its own local draft; a draft left by
another tab is offered, never put in place silently, and a tab is told when the other one types."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_two_tabs_on_one_form_keep_their_own_text(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    editor_url = f"{live_server}/documents/charte/amendments/new"
    page.goto(editor_url)
    first = page.get_by_label("Titre de l’amendement")
    first.fill("Le titre du premier onglet")
    expect(page.locator(".editor__draft-status")).to_be_visible()

    second_tab = page.context.new_page()
    second_tab.goto(editor_url)
    second = second_tab.get_by_label("Titre de l’amendement")
    expect(second).to_have_value("")  # not silently replaced by the other tab's text
    offer = second_tab.locator(".editor__other-draft")
    expect(offer).to_be_visible()
    second.fill("Le titre du second onglet")

    first.fill("Le titre du premier onglet, repris")
    expect(second_tab.locator(".editor__draft-status")).to_contain_text("autre onglet")
    page.reload()
    expect(page.get_by_label("Titre de l’amendement")).to_have_value("Le titre du premier onglet, repris")
    second_tab.reload()
    expect(second_tab.get_by_label("Titre de l’amendement")).to_have_value("Le titre du second onglet")
    second_tab.locator(".editor__other-draft [data-role=restore]").click()
    expect(second_tab.get_by_label("Titre de l’amendement")).to_have_value("Le titre du premier onglet, repris")
    second_tab.close()
