"""Issue 17.2 in Chromium: an empty instance, its console code, the set-up page, and the collective at home."""
from __future__ import annotations

import logging
import re

import pytest
from playwright.sync_api import expect

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.collective.conftest import png
from tests.e2e.test_accessibility import AXE, AXE_URL, DESKTOP, violations
from tests.support.databases import require_or_skip
from tests.support.live import served

pytestmark = pytest.mark.e2e

CODE = re.compile(r"one-time code: ([A-Z0-9-]{23})")


class Console(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def empty_server(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}",
                     PROPAGATE_EXCEPTIONS=False, TESTING=False, SETUP_PAGE=True)
    with app.app_context():
        db.create_all()
    console = Console()
    logging.getLogger("palabre.setup").addHandler(console)
    try:
        with served(app) as base_url:
            yield base_url, console
    finally:
        logging.getLogger("palabre.setup").removeHandler(console)


def fill_in(page, tmp_path, code: str) -> None:
    (tmp_path / "logo.png").write_bytes(png(300, 200))
    (tmp_path / "charte.md").write_text("# Charte des Chatons du Val\n\n## Article 1\n\nNous hébergeons.\n")
    page.get_by_label("Code de mise en place à usage unique").fill(code)
    page.get_by_label("Nom du collectif").fill("Les Chatons du Val")
    page.get_by_label("En une phrase ou deux").fill("Hébergeurs associatifs du Val de Loire.")
    page.get_by_role("group", name="Langues dans lesquelles").get_by_label("English").check()
    page.get_by_label("Adresse de contact du collectif").fill("contact@val.example")
    page.get_by_label("Logo (PNG, JPEG ou WebP").set_input_files(str(tmp_path / "logo.png"))
    page.get_by_label("Votre nom").fill("Inès Martin")
    page.get_by_label("Votre adresse e-mail").fill("ines@val.example")
    page.get_by_label("Votre mot de passe").fill("un mot de passe assez long")
    page.get_by_label("Premières organisations à inviter").fill(
        "Le Nuage du Val, sofie@nuage.example\nForge & Bits, erwan@forge.example")
    page.get_by_label("Titre du premier texte").fill("Charte")
    page.locator("#text_file_1").set_input_files(str(tmp_path / "charte.md"))


def test_a_collective_is_set_up_from_an_empty_instance(browser, empty_server, tmp_path):
    require_or_skip(AXE.exists(), "axe-core (npm ci)")
    base_url, console = empty_server
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, bypass_csp=True)
    source = AXE.read_text()
    context.route(f"**{AXE_URL}", lambda route: route.fulfill(body=source, content_type="text/javascript"))
    page = context.new_page()
    page.goto(f"{base_url}/documents")
    expect(page).to_have_url(f"{base_url}/setup")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mettre en place votre collectif")
    assert violations(page) == []
    [code] = [CODE.search(line).group(1) for line in console.lines if CODE.search(line)]

    fill_in(page, tmp_path, "AAAAA-BBBBB-CCCCC-DDDDD")
    page.get_by_role("button", name="Mettre le collectif en place").click()
    expect(page.locator("#code-error")).to_contain_text("Ce n’est pas le code affiché")
    expect(page.get_by_label("Nom du collectif")).to_have_value("Les Chatons du Val")  # nothing typed is lost
    assert violations(page) == []

    fill_in(page, tmp_path, code)
    page.get_by_role("button", name="Mettre le collectif en place").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("status")).to_contain_text("Les Chatons du Val est en place")
    expect(page.get_by_role("status")).to_contain_text("2 invitations envoyées")
    expect(page.locator(".brand")).to_contain_text("Les Chatons du Val")
    expect(page.locator(".brand__logo")).to_be_visible()
    assert page.locator(".brand__logo").evaluate("img => img.naturalWidth") > 0
    expect(page.locator(".site-tools__account")).to_contain_text("Inès Martin")
    expect(page.get_by_role("link", name="Charte")).to_be_visible()
    assert page.goto(f"{base_url}/setup").status == 404
    context.close()
