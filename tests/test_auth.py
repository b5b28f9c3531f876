"""Logging in and out, rate limits, CSRF, safe redirects, invitations, accounts."""
from __future__ import annotations

from datetime import timedelta

from app.auth import services
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person
from tests.conftest import PASSWORD
from tests.support.forms import login, post_form


def test_member_logs_in_and_out(client, people):
    response = login(client, "member@a.example")
    assert response.headers["Location"] == "/"
    assert "Member" in client.get("/account").get_data(as_text=True)
    post_form(client, "/logout", {}, token_from="/account")
    assert client.get("/account").status_code == 302


def test_email_is_case_insensitive(client, people):
    assert login(client, "MEMBER@A.example").status_code == 302


def test_wrong_password_is_refused_with_a_sentence(client, people):
    response = post_form(client, "/login", {"email": "member@a.example", "password": "nope"})
    assert response.status_code == 401
    assert "mot de passe" in response.get_data(as_text=True)


def test_deactivated_person_cannot_log_in(client, people):
    response = post_form(client, "/login", {"email": "gone@a.example", "password": PASSWORD})
    assert response.status_code == 401


def test_repeated_failed_logins_are_rate_limited(client, people):
    statuses = [
        post_form(client, "/login", {"email": "member@a.example", "password": f"bad{i}"}).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429
    assert "Trop de tentatives" in post_form(client, "/login", {"email": "x@y.z", "password": "b"}).get_data(as_text=True)


def test_next_redirect_stays_on_the_site(client, people):
    for target, expected in [("/organisations", "/organisations"), ("https://evil.example/", "/"),
                             ("//evil.example", "/"), ("/\\evil.example", "/")]:
        client.get("/")  # fresh page for a token
        response = post_form(client, "/login", {"email": "member@a.example", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected
        post_form(client, "/logout", {}, token_from="/account")


def test_login_form_without_csrf_token_is_refused_and_logs_nobody_in(client, people):
    response = client.post("/login", data={"email": "member@a.example", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_csrf_failure_gives_the_typed_text_back(client, people):
    login(client, "member@a.example")
    response = client.post("/account", data={"name": "Un nom tapé avec soin", "language": "fr"})
    assert response.status_code == 400
    assert "Un nom tapé avec soin" in response.get_data(as_text=True)
    assert db.session.get(Person, people["member_a"].id).name == "Member"


def test_account_changes_name_and_language(client, people):
    login(client, "member@a.example")
    response = post_form(client, "/account", {"name": "Jeanne", "language": "en"})
    assert response.status_code == 302
    person = db.session.get(Person, people["member_a"].id)
    assert (person.name, person.language) == ("Jeanne", "en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_password_change_logs_out_other_sessions(app, people):
    first, second = app.test_client(), app.test_client()
    login(first, "member@a.example")
    login(second, "member@a.example")
    response = post_form(first, "/account/password", {
        "pw-current_password": PASSWORD, "pw-new_password": "another secret", "pw-confirm": "another secret",
    }, token_from="/account")
    assert response.status_code == 302
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302


def test_language_switch_for_a_visitor_needs_no_session(client):
    assert "Set-Cookie" not in client.get("/").headers  # reading pages set no cookie
    response = client.post("/language", data={"language": "en", "next": "/organisations"})
    assert response.headers["Location"] == "/organisations"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_language_switch_of_a_person_needs_the_token_and_is_saved(client, people, login_as):
    login_as("member_a")
    assert client.post("/language", data={"language": "en", "next": "/"}).status_code == 400
    assert db.session.get(Person, people["member_a"].id).language == "fr"
    post_form(client, "/language", {"language": "en", "next": "/"}, token_from="/account")
    assert db.session.get(Person, people["member_a"].id).language == "en"


def test_invitation_link_creates_the_account_once(client, people):
    _invitation, secret = services.create_invitation(
        "new@a.example", people["org_a"], by=people["delegate_a"], now=utcnow(), days=14)
    db.session.commit()
    url = f"/invitations/{secret}"
    response = post_form(client, url, {"name": "Nouvelle", "password": "long enough", "confirm": "long enough"})
    assert response.status_code == 302
    person = services.find_person("new@a.example")
    assert person.organisation.slug == "org-a" and not person.is_delegate
    assert client.get(url).status_code == 404


def test_expired_invitation_is_refused(client, people):
    _invitation, secret = services.create_invitation(
        "late@a.example", people["org_a"], by=None, now=utcnow() - timedelta(days=20), days=14)
    db.session.commit()
    assert client.get(f"/invitations/{secret}").status_code == 404


def test_delegate_invites_into_own_organisation_only(client, people, login_as):
    login_as("delegate_a")
    page = client.get("/invite").get_data(as_text=True)
    assert "Organisation A" in page and "Organisation B" not in page
    response = post_form(client, "/invite", {"email": "friend@a.example", "organisation": people["org_b"].id})
    assert response.status_code == 422
    response = post_form(client, "/invite", {"email": "friend@a.example", "organisation": people["org_a"].id})
    assert response.status_code == 200 and "/invitations/" in response.get_data(as_text=True)


def test_plain_member_cannot_invite(client, login_as):
    login_as("member_a")
    assert client.get("/invite").status_code == 403


def test_an_empty_login_form_is_refused_with_a_sentence(client):
    response = post_form(client, "/login", {"email": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422  # not a 200 as if all were well
    assert "Veuillez corriger ce qui est signalé ci-dessous." in page and "Ce champ est requis." in page
