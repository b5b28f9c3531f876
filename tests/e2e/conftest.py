"""A live Palabre on a thread, seeded with the demo, and a real Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil

import pytest

from app import create_app
from app.db_types import utcnow
from app.demo.seed import seed
from app.extensions import db
from config import TestConfig
from tests.support.databases import require_or_skip
from tests.support.live import served

CHROMIUM = os.environ.get("PALABRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_app(tmp_path):
    """The app on a fresh SQLite file with the demo collective."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'e2e.sqlite'}",
                     PROPAGATE_EXCEPTIONS=False, TESTING=False)
    with app.app_context():
        db.create_all()
        seed(now=utcnow(), log=lambda _message: None)
        db.session.commit()
    return app


@pytest.fixture
def live_server(live_app):
    """Serve the app from a thread on a free port; yields its base URL."""
    with served(live_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    require_or_skip(bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)), "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies) at desktop size, French first."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def log_in(page, base_url: str, email: str, password: str = "palabre-demo") -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
