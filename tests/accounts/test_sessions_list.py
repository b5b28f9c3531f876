"""Issue 17.5: the account page lists the person's live sessions and API tokens (created when, last used when,
from which client) and ends any of them."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import AccountSession, ApiToken
from app.auth.sessions import SEEN_EVERY
from app.db_types import utcnow
from app.extensions import db
from tests.accounts.conftest import served
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, post_form

END = re.compile(r'action="/account/sessions/(\d+)/end"')
REVOKE = re.compile(r'action="/account/tokens/(\d+)/revoke"')


def browser(app, email: str, agent: str):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def test_the_page_lists_each_browser_and_token_with_its_client(app, people):
    email = people["member_a"].email
    laptop, phone = browser(app, email, "Firefox on the laptop"), browser(app, email, "Phone browser")
    laptop.post("/api/v1/tokens", json={"email": email, "password": PASSWORD},
                headers={"User-Agent": "backup-script/1.0"})
    html = laptop.get("/account").get_data(as_text=True)
    assert "Firefox on the laptop" in html and "Phone browser" in html and "backup-script/1.0" in html
    assert "cette session" in html and len(END.findall(html)) == 2 and len(REVOKE.findall(html)) == 1
    assert phone.get("/account").status_code == 200


def test_ending_another_session_logs_that_browser_out(app, people):
    email = people["member_a"].email
    laptop, phone = browser(app, email, "Laptop"), browser(app, email, "Phone")
    phone_row = db.session.scalar(select(AccountSession).where(AccountSession.client == "Phone"))
    response = laptop.post(f"/account/sessions/{phone_row.id}/end", data={"csrf_token": csrf_token(laptop, "/account")})
    assert response.status_code == 302
    assert phone.get("/account").status_code == 302 and laptop.get("/account").status_code == 200


def test_ending_every_other_session(app, people):
    email = people["member_a"].email
    laptop, phone, tablet = (browser(app, email, name) for name in ("Laptop", "Phone", "Tablet"))
    laptop.post("/account/sessions/end-others", data={"csrf_token": csrf_token(laptop, "/account")})
    assert [c.get("/account").status_code for c in (laptop, phone, tablet)] == [200, 302, 302]


def test_revoking_one_token_leaves_the_others(app, client, people, login_as):
    email = people["member_a"].email
    first, second = (client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}).get_json()["token"]
                     for _ in range(2))
    login_as("member_a")
    first_id = db.session.scalars(select(ApiToken.id).order_by(ApiToken.id)).first()
    client.post(f"/account/tokens/{first_id}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    statuses = [client.get("/api/v1/watches", headers={"Authorization": f"Bearer {token}"}).status_code
                for token in (first, second)]
    assert statuses == [401, 200]


def test_someone_elses_session_or_token_is_not_found(app, client, people, login_as):
    other = browser(app, people["delegate_b"].email, "Theirs")
    other.post("/api/v1/tokens", json={"email": people["delegate_b"].email, "password": PASSWORD})
    row = db.session.scalar(select(AccountSession).where(AccountSession.client == "Theirs"))
    token = db.session.scalar(select(ApiToken))
    login_as("member_a")
    token_field = {"csrf_token": csrf_token(client, "/account")}
    assert client.post(f"/account/sessions/{row.id}/end", data=token_field).status_code == 404
    assert client.post(f"/account/tokens/{token.id}/revoke", data=token_field).status_code == 404
    assert other.get("/account").status_code == 200


def test_a_session_ends_after_idle_days_and_after_session_days(app, people):
    laptop = browser(app, people["member_a"].email, "Laptop")
    row = db.session.scalar(select(AccountSession))
    row.last_seen_at = utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"], seconds=1)
    db.session.commit()
    assert laptop.get("/account").status_code == 302
    phone = browser(app, people["member_a"].email, "Phone")
    row = db.session.scalar(select(AccountSession).where(AccountSession.client == "Phone"))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert phone.get("/account").status_code == 302


def test_when_a_session_and_a_token_were_last_used_is_noted_after_the_response(app, people):
    email = people["member_a"].email
    laptop = browser(app, email, "Laptop")
    token = laptop.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}).get_json()["token"]
    row, token_row = db.session.scalar(select(AccountSession)), db.session.scalar(select(ApiToken))
    row.last_seen_at = utcnow() - SEEN_EVERY - timedelta(seconds=1)
    db.session.commit()
    served(laptop.get("/account"))
    served(laptop.get("/api/v1/watches", headers={"Authorization": f"Bearer {token}"}))
    db.session.expire_all()
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)
    assert token_row.last_used_at is not None and token_row.last_address == "127.0.0.1"


def test_logging_out_ends_only_this_session(app, people):
    email = people["member_a"].email
    laptop, phone = browser(app, email, "Laptop"), browser(app, email, "Phone")
    post_form(laptop, "/logout", {}, token_from="/account")
    assert laptop.get("/account").status_code == 302 and phone.get("/account").status_code == 200
