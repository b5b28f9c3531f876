"""Issue 17.1 in Chromium: forgot the password, the link by e-mail, a new password, logged in with it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

LINK = re.compile(r"http://\S+/password-reset/[A-Za-z0-9_-]+")


def test_a_forgotten_password_is_reset_from_the_log_in_page(page, live_server, live_app):
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse e-mail de votre compte").fill("mathilde@la-clede.example")
    page.get_by_role("button", name="M’envoyer un lien").click()
    expect(page.get_by_role("status")).to_contain_text("Si un compte a cette adresse")
    [mail] = [m for m in live_app.extensions["mailman"].outbox if m.to == ["mathilde@la-clede.example"]]
    page.goto(LINK.search(mail.body).group(0))
    page.locator("#password").fill("un tout nouveau mot de passe")
    page.get_by_label("Confirmez le nouveau mot de passe").fill("un tout nouveau mot de passe")
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_role("status")).to_contain_text("Votre mot de passe est changé")
    log_in(page, live_server, "mathilde@la-clede.example", "un tout nouveau mot de passe")
    expect(page.get_by_role("status")).to_contain_text("Bienvenue")
