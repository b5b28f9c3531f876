"""Logging in, switching language, logging out, a wrong password, an invitation — in Chromium."""
from __future__ import annotations


import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_delegate_logs_in_switches_language_and_logs_out(page, live_server):
    log_in(page, live_server, "mathilde@la-clede.example")
    expect(page.get_by_role("status")).to_contain_text("Bienvenue")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("logged out")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_wrong_password_says_so_and_keeps_the_address(page, live_server):
    log_in(page, live_server, "mathilde@la-clede.example", "not the password")
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect")).to_be_visible()
    expect(page.get_by_label("Adresse e-mail")).to_have_value("mathilde@la-clede.example")


def test_invitation_accepted_in_the_browser(page, live_server):
    log_in(page, live_server, "mathilde@la-clede.example")
    page.goto(f"{live_server}/invite")
    page.get_by_label("Adresse e-mail de la personne à inviter").fill("nouvelle@la-clede.example")
    page.get_by_role("button", name="Créer l’invitation").click()
    link = page.get_by_label("Lien d’invitation").input_value()
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(link)
    page.get_by_label("Votre nom").fill("Nouvelle Personne")
    page.get_by_label("Choisissez un mot de passe").fill("un mot de passe")
    page.get_by_label("Confirmez le mot de passe").fill("un mot de passe")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Nouvelle Personne")
