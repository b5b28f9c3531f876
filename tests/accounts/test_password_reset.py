"""Issue 17.1: “forgot your password?” — the same answer for any address, a single-use link valid an hour,
limited per address and per client, in the person's language; using it ends every other session and token."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth import services as auth_services
from app.auth.models import PasswordReset
from app.db_types import utcnow
from app.extensions import db
from tests.accounts.conftest import received, reset_links, served
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, post_form

NEW = "a brand new password"


def ask_page(client, email: str):
    return served(post_form(client, "/password-reset", {"email": email}))


def ask_api(client, email: str):
    return served(client.post("/api/v1/password-reset", json={"email": email}))


def test_the_log_in_page_offers_the_reset(client, people):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/password-reset"' in html


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_a_mail(client, people, smtp):
    known, unknown = ask_page(client, people["member_a"].email), ask_page(client, "nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data().replace(csrf_token(client, "/login").encode(), b"") or \
        strip_tokens(known) == strip_tokens(unknown)
    api_known, api_unknown = ask_api(client, people["member_a"].email), ask_api(client, "nobody@nowhere.example")
    assert api_known.status_code == api_unknown.status_code == 202
    assert api_known.get_json() == api_unknown.get_json() and api_known.get_json()["message"]
    assert [recipients for recipients, _m in received(smtp)] == [[people["member_a"].email]] * 2


def strip_tokens(response) -> str:
    import re

    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_a_deactivated_person_gets_nothing(client, people, smtp):
    assert ask_api(client, people["deactivated"].email).status_code == 202
    assert received(smtp) == []
    assert db.session.scalars(select(PasswordReset)).all() == []


def test_the_mail_is_in_the_persons_language(client, people, smtp):
    people["member_a"].language = "en"
    db.session.commit()
    ask_api(client, people["member_a"].email)
    ask_api(client, people["delegate_b"].email)
    subjects = {recipients[0]: message["Subject"] for recipients, message in received(smtp)}
    assert subjects[people["member_a"].email].startswith("Choose a new password")
    assert subjects[people["delegate_b"].email].startswith("Choisissez un nouveau mot de passe")


def test_the_link_sets_the_password_once_and_ends_every_session_and_token(app, client, people, smtp, login_as):
    person = people["member_a"]
    other_browser = app.test_client()
    post_form(other_browser, "/login", {"email": person.email, "password": PASSWORD})
    assert other_browser.get("/account").status_code == 200
    token = client.post("/api/v1/tokens", json={"email": person.email, "password": PASSWORD}).get_json()["token"]
    ask_api(client, person.email)
    [link] = reset_links(smtp, person.email)
    path = link.removeprefix("http://localhost")
    assert "nouveau mot de passe" in client.get(path).get_data(as_text=True).lower()
    response = post_form(client, path, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert other_browser.get("/account").status_code == 302
    assert client.get("/api/v1/watches", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert auth_services.authenticate(person.email, NEW) is not None
    assert client.get(path).status_code == 404  # single use
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "account.password_reset"))
    assert entry is not None and entry.actor_id == person.id and entry.public is False
    served(response)
    notice = [message for recipients, message in received(smtp) if "a changé" in message["Subject"]]
    assert len(notice) == 1 and "réinitialisé" in notice[0].get_content()


def test_a_second_link_is_used_up_with_the_first(client, people, smtp):
    person = people["member_a"]
    ask_api(client, person.email)
    ask_api(client, person.email)
    first, second = reset_links(smtp, person.email)
    post_form(client, first.removeprefix("http://localhost"), {"password": NEW, "confirm": NEW})
    assert client.get(second.removeprefix("http://localhost")).status_code == 404


def test_the_link_expires_after_an_hour(client, people, smtp):
    ask_api(client, people["member_a"].email)
    [link] = reset_links(smtp, people["member_a"].email)
    row = db.session.scalars(select(PasswordReset)).one()
    assert timedelta(minutes=59) < row.expires_at - row.created_at <= timedelta(hours=1)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(link.removeprefix("http://localhost")).status_code == 404


def test_a_short_password_is_refused_and_the_link_still_works(client, people, smtp):
    ask_api(client, people["member_a"].email)
    [link] = reset_links(smtp, people["member_a"].email)
    path = link.removeprefix("http://localhost")
    assert post_form(client, path, {"password": "short", "confirm": "short"}).status_code == 422
    assert client.get(path).status_code == 200


def test_asking_is_limited_per_address(app, client, people, smtp):
    app.config["RESET_LIMIT_PER_EMAIL"] = "2 per hour"
    statuses = [ask_api(client, people["member_a"].email).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]
    assert len(received(smtp)) == 2
    assert ask_api(client, "  " + people["member_a"].email.upper()).status_code == 429  # the same address


def test_asking_is_limited_per_client_whatever_the_addresses(app, client, smtp):
    app.config["RESET_LIMIT_PER_CLIENT"] = "4 per hour"
    statuses = [ask_api(client, f"other{n}@nowhere.example").status_code for n in range(5)]
    assert statuses == [202, 202, 202, 202, 429]
    assert ask_page(client, "again@nowhere.example").status_code == 429  # the page counts with the API


def test_bad_bodies_get_a_sentence(client):
    assert client.post("/api/v1/password-reset", json={"email": 3}).status_code == 422
    assert client.post("/api/v1/password-reset", json={"address": "a@b.example"}).status_code == 422
    assert client.post("/api/v1/password-reset", data="{", content_type="application/json").status_code == 400
