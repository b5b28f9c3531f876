"""Issue 17.3 in Chromium: “log in with <provider>”, the provider's own pages, and back logged in."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.oidc.test_single_sign_on import sso  # noqa: F401  (fixture: the demo and the provider it trusts)

pytestmark = pytest.mark.e2e


def test_a_member_logs_in_with_the_collectives_provider(page, sso):  # noqa: F811
    _app, base = sso
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Se connecter avec Keycloak du collectif").click()
    page.locator("input[name=login]").fill("mathilde")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("status")).to_contain_text("Bienvenue")
    page.goto(f"{base}/account")
    expect(page.locator(".account-sessions")).to_contain_text("authentification unique")
