"""Issue 22.9: behind a trusted proxy each client has its own count; the page and the API share one."""
from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token


def page_login(client, email: str, password: str, **headers):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password},
                       headers=headers).status_code


def api_login(client, email: str, password: str, **headers):
    return client.post("/api/v1/tokens", json={"email": email, "password": password}, headers=headers).status_code


def test_the_page_and_the_api_count_failures_together(app, client, people):
    app.config["LOGIN_FAILURE_LIMIT"] = "4 per hour"
    email = people["member_a"].email
    statuses = [page_login(client, email, "wrong"), api_login(client, email, "wrong"),
                page_login(client, email, "wrong"), api_login(client, email, "wrong"),
                page_login(client, email, "wrong"), api_login(client, email, "wrong")]
    assert statuses == [401, 401, 401, 401, 429, 429]


@pytest.fixture
def behind_a_proxy(database_url, people):
    db.session.remove()  # the test app's reading transaction would hold SQLite's lock against the other app
    proxied = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, PROXY_COUNT=1,
                         LOGIN_FAILURE_LIMIT="3 per hour")
    with proxied.app_context():
        yield proxied
        db.session.remove()
        db.engine.dispose()


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another(behind_a_proxy):
    client = behind_a_proxy.test_client()
    for n in range(3):
        assert api_login(client, f"nobody{n}@example.org", "wrong", **{"X-Forwarded-For": "203.0.113.7"}) == 401
    assert api_login(client, "nobody9@example.org", "wrong", **{"X-Forwarded-For": "203.0.113.7"}) == 429
    assert api_login(client, "member@a.example", PASSWORD, **{"X-Forwarded-For": "198.51.100.2"}) == 201
