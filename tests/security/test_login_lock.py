"""Issue 22.16: a log-in checks the password without holding SQLite's write lock (other writers go on)."""
from __future__ import annotations

import sqlite3

import pytest

from app.auth import services as auth_services
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token


@pytest.fixture
def watched_password_check(app, database_url, monkeypatch):
    """While each password is checked: could another connection write at once? (None on PostgreSQL)."""
    seen = []
    real = auth_services.check_password_hash

    def check(hashed, password):
        if database_url.startswith("sqlite"):
            other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                seen.append(True)
            except sqlite3.OperationalError:
                seen.append(False)
            finally:
                other.close()
        else:
            seen.append(None)
        return real(hashed, password)

    monkeypatch.setattr(auth_services, "check_password_hash", check)
    return seen


def test_the_log_in_page_checks_the_password_without_the_write_lock(client, people, watched_password_check):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": people["member_a"].email,
                                           "password": PASSWORD})
    assert response.status_code == 302
    assert watched_password_check and False not in watched_password_check


def test_the_token_request_checks_the_password_without_the_write_lock(client, people, watched_password_check):
    response = client.post("/api/v1/tokens", json={"email": people["member_a"].email, "password": PASSWORD})
    assert response.status_code == 201
    assert client.get("/api/v1/organisations",
                      headers={"Authorization": f"Bearer {response.get_json()['token']}"}).status_code == 200
    assert watched_password_check and False not in watched_password_check
