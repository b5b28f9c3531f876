"""SQLite stays locked longer than the busy timeout: a 503 with a sentence, never a 500.

Under WAL and BEGIN IMMEDIATE (app/database.py) a writer waits for another's lock up to
SQLITE_BUSY_TIMEOUT_MS (15 s by default; 200 ms here). Another connection holds the write
lock for longer: the API answers 503 `busy` with Retry-After, a page answers the error page
with the same sentence (its reader still shown as logged in); once the lock is released the
same request goes through, and nothing saved before is lost.
"""
from __future__ import annotations

import sqlite3

import pytest

from app.auth import services as auth_services
from app.extensions import db
from app.members.models import Person
from tests.conftest import PASSWORD
from tests.support.apps import fresh_app
from tests.support.forms import csrf_token, login

SENTENCE = "Le site est très sollicité en ce moment et rien n’a été enregistré."  # Ana reads French


@pytest.fixture
def busy_app(tmp_path):
    path = tmp_path / "busy.sqlite"
    with fresh_app(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=200) as app:
        auth_services.create_person("ana@example.org", "Ana", password=PASSWORD)
        db.session.commit()
        yield app, path


def test_a_lock_held_too_long_is_a_503_with_a_sentence_then_the_request_goes_through(busy_app):
    app, path = busy_app
    client = app.test_client()
    login(client, "ana@example.org", PASSWORD)
    token = csrf_token(client, "/account")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        api = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD})
        assert api.status_code == 503 and int(api.headers["Retry-After"]) > 0
        assert api.json["error"]["code"] == "busy" and SENTENCE in api.json["error"]["message"]
        page = client.post("/account", data={"csrf_token": token, "name": "Ana B.", "language": "en"})
        html = page.get_data(as_text=True)
        assert page.status_code == 503 and SENTENCE in html and "Ana" in html
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db.session.scalar(db.select(Person.name)) == "Ana"  # nothing half-saved
    again = client.post("/account", data={"csrf_token": token, "name": "Ana B.", "language": "en"})
    assert again.status_code == 302
    credentials = {"email": "ana@example.org", "password": PASSWORD}
    assert client.post("/api/v1/tokens", json=credentials).status_code == 201
    assert db.session.scalar(db.select(Person.name)) == "Ana B."
