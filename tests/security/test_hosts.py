"""Issue 22.5: a forged Host header never reaches the links of an e-mail in production."""
from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from app import create_app
from app.extensions import db
from app.mail.services import absolute
from config import ProductionConfig, _hosts


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "a production secret")
    monkeypatch.setattr(ProductionConfig, "TOTP_KEYS", [Fernet.generate_key().decode()])
    monkeypatch.setattr(ProductionConfig, "PALABRE_BASE_URL", None)
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", None)
    made = []

    def make():
        made.append(create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}"))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def test_production_refuses_to_start_without_a_base_url_or_trusted_hosts(production):
    with pytest.raises(RuntimeError, match="PALABRE_BASE_URL"):
        production()


def test_with_a_base_url_mail_links_ignore_the_host_header(production, monkeypatch):
    monkeypatch.setattr(ProductionConfig, "PALABRE_BASE_URL", "https://palabre.example/")
    app = production()
    with app.test_request_context("/", headers={"Host": "attacker.example"}):
        assert absolute("/amendments/1") == "https://palabre.example/amendments/1"


def test_with_trusted_hosts_a_forged_host_is_a_400(production, monkeypatch):
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", _hosts("palabre.example, localhost"))
    client = production().test_client()
    assert client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "palabre.example"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200


def test_trusted_hosts_are_read_from_a_comma_list():
    assert _hosts(" palabre.example, .palabre.example ,") == ["palabre.example", ".palabre.example"]
    assert _hosts("") is None and _hosts(None) is None
