"""A delegate casts a ballot, reads its receipt once, and finds it in the vote's public list."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e
RECEIPT = re.compile(r"[0-9a-f]{4}(?:-[0-9a-f]{4}){7}")


def test_the_receipt_is_shown_once_and_found_in_the_public_list(page, live_server):
    log_in(page, live_server, "yanis@campus-libre-lyon.example")
    page.goto(f"{live_server}/votes")
    page.get_by_role("link", name="Ajouter la sobriété à nos valeurs").click()
    page.get_by_label("Contre").check()
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    notice = page.locator(".flash--receipt")
    expect(notice).to_contain_text("Reçu de ce bulletin")
    receipt = RECEIPT.search(notice.inner_text()).group(0)
    amendment_page = page.url
    page.get_by_role("link", name="Reçus des bulletins comptés").click()
    expect(page.locator("code.receipt", has_text=receipt)).to_be_visible()
    page.goto(amendment_page)
    expect(page.locator(".flash--receipt")).to_have_count(0)  # shown once
    assert receipt not in page.content()
