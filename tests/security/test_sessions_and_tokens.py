"""Issues 22.6 and 22.7: logging out ends the session; API tokens expire, die with the password, can be revoked."""
from __future__ import annotations

from datetime import timedelta

from app.auth import services as auth_services
from app.auth.models import ApiToken
from app.db_types import utcnow
from app.extensions import db
from app.members import services as member_services
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, post_form


def test_a_session_cookie_copied_before_logging_out_no_longer_works(client, people, login_as):
    login_as("member_a")
    cookie = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    post_form(client, "/logout", {}, token_from="/account")
    client.set_cookie("session", cookie)
    assert client.get("/account").status_code == 302


def test_the_remember_me_cookie_dies_with_the_log_out(app, people):
    client = app.test_client()
    post_form(client, "/login", {"email": people["member_a"].email, "password": PASSWORD, "remember": "y"})
    remember = client.get_cookie("remember_token").value
    post_form(client, "/logout", {}, token_from="/account")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert fresh.get("/account").status_code == 302


def token(client, email: str) -> str:
    response = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def works(client, secret: str) -> bool:
    return client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_token_dies_with_a_password_change(client, people):
    secret = token(client, people["member_a"].email)
    auth_services.set_password(people["member_a"], "a brand new password")
    db.session.commit()
    assert not works(client, secret)


def test_a_token_stays_dead_after_deactivation_and_reactivation(client, people):
    person = people["member_a"]
    secret = token(client, person.email)
    for active in (False, True):
        member_services.update_person(person, name=person.name, organisation=person.organisation,
                                      is_delegate=False, is_facilitator=False, is_active=active)
        db.session.commit()
    assert not works(client, secret)


def test_a_token_expires(client, people):
    response = client.post("/api/v1/tokens", json={"email": people["member_a"].email, "password": PASSWORD})
    secret = response.get_json()["token"]
    assert response.get_json()["expires_at"]
    assert works(client, secret)
    row = auth_services.find_token(secret)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not works(client, secret)


def test_a_person_revokes_every_token_from_the_account_page(client, people, login_as):
    secret = token(client, people["member_a"].email)
    login_as("member_a")
    response = client.post("/account/tokens/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    assert not works(client, secret)
    assert db.session.query(ApiToken).filter(ApiToken.revoked_at.is_(None)).count() == 0


def test_successful_token_requests_are_limited(app, client, people):
    app.config["TOKEN_LIMIT"] = "3 per hour"
    statuses = [client.post("/api/v1/tokens", json={"email": people["member_a"].email, "password": PASSWORD})
                .status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
