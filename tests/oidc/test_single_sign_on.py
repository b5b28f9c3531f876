"""Issue 17.3: “log in with <provider>” against a real OpenID Connect provider (node's oidc-provider) that the
tests start on 127.0.0.1: a verified address logs its person in; a wrong state, a replayed code, an unverified
or unknown address do not."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import port_for
import pytest
import requests

from app import create_app
from app.auth.models import AccountSession
from app.demo.seed import seed
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person
from config import TestConfig
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, provider, serve_on, through_provider


@pytest.fixture
def sso(tmp_path):
    """The demo on a live server, and the provider it trusts; yields our base URL."""
    port = port_for.select_random()
    with provider(f"http://127.0.0.1:{port}/login/sso/callback", tmp_path) as issuer:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'sso.sqlite'}",
                         OIDC_ISSUER=issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET,
                         OIDC_NAME="Keycloak du collectif")
        with app.app_context():
            db.create_all()
            seed(now=utcnow(), log=lambda _message: None)
            db.session.commit()
            with serve_on(app, port) as base:
                yield app, base
            db.session.remove()
            db.engine.dispose()


def logged_in(session: requests.Session, base: str) -> bool:
    return session.get(f"{base}/account", allow_redirects=False).status_code == 200


def test_the_log_in_page_offers_the_provider(sso):
    _app, base = sso
    assert "Se connecter avec Keycloak du collectif" in requests.get(f"{base}/login").text


def test_a_verified_address_logs_its_person_in(sso):
    app, base = sso
    browser = requests.Session()
    callback = through_provider(browser, base, "mathilde")
    answer = browser.get(callback, allow_redirects=False)
    assert answer.status_code == 302 and logged_in(browser, base)
    row = db.session.scalar(db.select(AccountSession).order_by(AccountSession.id.desc()))
    assert row.method == "oidc" and row.person.email == "mathilde@la-clede.example"


def test_a_wrong_state_is_refused(sso):
    _app, base = sso
    browser = requests.Session()
    callback = through_provider(browser, base, "mathilde")
    parts = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = "not-the-state"
    answer = browser.get(f"{base}{parts.path}?{urlencode(query)}", allow_redirects=False)
    assert answer.status_code == 400 and "n’a pas abouti" in answer.text
    assert not logged_in(browser, base)


def test_a_replayed_code_is_refused(sso):
    _app, base = sso
    first = requests.Session()
    used = through_provider(first, base, "mathilde")
    assert first.get(used, allow_redirects=False).status_code == 302
    attacker = requests.Session()
    fresh = through_provider(attacker, base, "mathilde")  # a state of the attacker's own session
    code = parse_qs(urlsplit(used).query)["code"][0]
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    answer = attacker.get(f"{base}/login/sso/callback?{urlencode({'code': code, 'state': state})}",
                          allow_redirects=False)
    assert answer.status_code == 400 and not logged_in(attacker, base)


def test_an_unverified_address_gets_a_sentence_and_no_session(sso):
    _app, base = sso
    browser = requests.Session()
    answer = browser.get(through_provider(browser, base, "unverified"), allow_redirects=False)
    assert answer.status_code == 403 and "vérifiée" in answer.text
    assert not logged_in(browser, base)


def test_an_unknown_address_gets_a_sentence_not_an_account(sso):
    _app, base = sso
    count = db.session.query(Person).count()
    browser = requests.Session()
    answer = browser.get(through_provider(browser, base, "stranger"), allow_redirects=False)
    assert answer.status_code == 403 and "invitation" in answer.text
    db.session.expire_all()
    assert db.session.query(Person).count() == count and not logged_in(browser, base)
