"""The contact of an application confirms their address by a signed, expiring link before any vote."""
from __future__ import annotations

import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth import services as auth_services
from app.db_types import utcnow
from app.errors import Conflict, PalabreError
from app.extensions import db
from app.mail.models import OutboxMail
from app.applications import services as applications
from app.members import confirmation
from app.members.models import Person
from app.applications.models import Application
from app.applications import voting as membership
from tests.conftest import PASSWORD
from tests.support.applications import confirmation_link
from tests.support.forms import csrf_token, login, post_form

FORM = {
    "name": "Chatons du Coin", "website": "https://coin.example", "city": "Nantes", "description": "Un petit chaton.",
    "services": "", "motivation": "Partager.", "contact_name": "Awa", "contact_email": "awa@coin.example",
    "password": "un mot de passe", "has_read_charter": "y",
}


def test_the_contact_confirms_then_the_vote_can_open(client, people, login_as):
    assert post_form(client, "/join", FORM).status_code == 302
    application = db.session.scalar(select(Application))
    assert db.session.scalar(select(OutboxMail.to_address).where(OutboxMail.kind == "confirmation")) == \
        "awa@coin.example"
    url = f"/applications/{application.id}"
    assert "e-mail pas encore confirmé" in client.get(url).get_data(as_text=True)
    application.submitted_at -= timedelta(days=10)
    db.session.commit()
    login_as("facilitator")
    post_form(client, url + "/vote/open", {}, token_from=url)
    page = client.get(url).get_data(as_text=True)
    assert "pas encore confirmé son adresse" in page
    db.session.expire_all()
    assert application.status == "pending"
    assert client.get(confirmation_link()).status_code == 302
    assert "e-mail confirmé" in client.get(url).get_data(as_text=True)
    assert post_form(client, url + "/vote/open", {}, token_from=url).status_code == 302
    db.session.expire_all()
    assert application.status == "voting"


def test_a_forged_or_expired_link_confirms_nothing(app, client, people, monkeypatch):
    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
        contact_email="awa@coin.example", password="un mot de passe", has_read_charter=True, now=utcnow())
    db.session.commit()
    token = confirmation.token_for(application)
    assert client.get(f"/applications/{application.id}/confirm/{token}x").status_code == 302
    assert client.get(f"/applications/{application.id + 1}/confirm/{token}").status_code == 404
    monkeypatch.setattr(confirmation, "VALID_DAYS", -1)
    expired = client.get(f"/applications/{application.id}/confirm/{token}")
    assert expired.status_code == 200 and "confirm/again" in expired.get_data(as_text=True)
    db.session.expire_all()
    assert application.contact_confirmed_at is None
    with pytest.raises(Conflict):
        membership.open_membership_vote(application, by=people["facilitator"], now=utcnow() + timedelta(days=30))


def submitted(days_ago: int = 0) -> Application:
    """An application whose first link was e-mailed `days_ago` days ago."""
    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
        contact_email="awa@coin.example", password=PASSWORD, has_read_charter=True,
        now=utcnow() - timedelta(days=days_ago))
    db.session.commit()
    return application


def link_of(application: Application, *, days_ago: int) -> str:
    """The confirmation link as it was signed `days_ago` days ago."""
    import itsdangerous.timed

    real = time.time
    itsdangerous.timed.time = SimpleNamespace(time=lambda: real() - days_ago * 86400)
    try:
        return f"/applications/{application.id}/confirm/{confirmation.token_for(application)}"
    finally:
        itsdangerous.timed.time = time


def links_sent() -> list[str]:
    db.session.rollback()
    bodies = db.session.scalars(select(OutboxMail.text_body).where(OutboxMail.kind == "confirmation")
                                .order_by(OutboxMail.id))
    return [re.search(r"\ue000(/applications/\d+/confirm/\S+)", body).group(1) for body in bodies]


def test_an_expired_link_lands_where_a_new_one_can_be_sent_and_the_new_one_confirms(client, people):
    application = submitted(days_ago=8)
    expired = link_of(application, days_ago=8)
    page = client.get(expired)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ce lien de confirmation a expiré" in html and "Renvoyer le lien" in html
    assert "awa@coin.example" not in html  # whoever follows the link is not told the address
    token = expired.rsplit("/", 1)[1]
    response = client.post(f"/applications/{application.id}/confirm/again",
                           data={"csrf_token": csrf_token(client, expired), "token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/applications/{application.id}")
    assert "Un nouveau lien" in client.get(f"/applications/{application.id}").get_data(as_text=True)
    _first, again = links_sent()  # (the first was queued at submission; its link is the expired one)
    db.session.rollback()
    sent = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "membership.confirmation_sent_again"))
    assert (sent.actor_id, sent.object_id) == (application.contact_id, application.id)
    assert client.get(again).status_code == 302
    db.session.expire_all()
    assert application.contact_confirmed_at is not None
    # Confirmed: the old link no longer offers a new one, and asking again sends nothing.
    assert client.get(expired).status_code == 302
    response = client.post(f"/applications/{application.id}/confirm/again",
                           data={"csrf_token": csrf_token(client), "token": token})
    assert response.status_code == 302 and len(links_sent()) == 2


def test_at_most_one_new_link_every_few_minutes(app, people):
    application = submitted(days_ago=8)
    now = utcnow()
    confirmation.send_again(application, by=application.contact, now=now)
    with pytest.raises(PalabreError) as refused:
        confirmation.send_again(application, by=application.contact, now=now + timedelta(minutes=4))
    assert (refused.value.status, refused.value.code) == (429, "too_soon")
    confirmation.send_again(application, by=application.contact, now=now + timedelta(minutes=5))
    db.session.commit()
    assert len(links_sent()) == 3
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.kind == "membership.confirmation_sent_again")) == 2


def test_asking_twice_in_a_row_sends_one_mail_and_says_why(client, people):
    application = submitted(days_ago=8)
    expired = link_of(application, days_ago=8)
    token = expired.rsplit("/", 1)[1]
    for _ in range(3):
        response = client.post(f"/applications/{application.id}/confirm/again",
                               data={"csrf_token": csrf_token(client, expired), "token": token})
        assert response.status_code == 302
    assert len(links_sent()) == 2  # the first link, and one new one
    assert "il y a moins de 5 minutes" in client.get(f"/applications/{application.id}").get_data(as_text=True)


def test_the_unconfirmed_contact_has_no_account_and_a_facilitator_sends_the_link_again(client, people, login_as):
    application = submitted(days_ago=8)
    url = f"/applications/{application.id}"
    assert "confirm/again" not in client.get(url).get_data(as_text=True)  # a visitor holds no link
    assert post_form(client, "/login", {"email": "awa@coin.example", "password": PASSWORD}).status_code == 401
    login_as("facilitator")
    page = client.get(url).get_data(as_text=True)
    assert "e-mail pas encore confirmé" in page and "Renvoyer le lien" in page
    assert post_form(client, url + "/confirm/again", {}, token_from=url).status_code == 302
    assert len(links_sent()) == 2


def test_the_link_makes_the_account_which_follows_the_application(client, people):
    application = submitted()
    assert application.contact is None and application.contact_password_hash
    assert client.get(links_sent()[0]).status_code == 302
    db.session.expire_all()
    contact = application.contact
    assert (contact.email, contact.name, contact.organisation_id, contact.is_delegate) == (
        "awa@coin.example", "Awa", application.organisation_id, False)
    assert application.contact_password_hash is None and application.contact_confirmed_at is not None
    assert post_form(client, "/login", {"email": "awa@coin.example", "password": PASSWORD}).status_code == 302
    assert client.get(links_sent()[0]).status_code == 302  # a second click changes nothing
    assert db.session.query(Person).filter_by(email="awa@coin.example").count() == 1


def test_an_address_registered_since_the_application_is_refused_with_a_sentence(client, people):
    application = submitted()
    link = links_sent()[0]
    auth_services.create_person("awa@coin.example", "Awa B", organisation=people["org_b"])
    db.session.commit()
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "est désormais celle d’un compte" in page
    db.session.expire_all()
    assert application.contact is None and application.contact_confirmed_at is None


def test_a_registered_address_gets_no_link_but_a_mail_to_its_owner(people):
    """Issue 22.15: the owner hears of it; the answer and the application are as for a new address."""
    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="X",
        contact_email="Delegate@A.example", password="quelque chose", has_read_charter=True, now=utcnow())
    db.session.commit()
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "confirmation"))
    assert (mail.to_address, mail.person_id) == ("delegate@a.example", people["delegate_a"].id)
    assert "/confirm/" not in mail.text_body and "déjà celle de votre compte" in mail.text_body
    assert application.contact is None and people["delegate_a"].organisation.slug == "org-a"


def test_others_may_not_ask_without_the_link(client, people, login_as):
    application = submitted(days_ago=8)
    url = f"/applications/{application.id}"
    response = client.post(url + "/confirm/again", data={"csrf_token": csrf_token(client), "token": "made-up"})
    assert response.status_code == 403
    login_as("member_a")
    assert "confirm/again" not in client.get(url).get_data(as_text=True)
    assert post_form(client, url + "/confirm/again", {}, token_from=url).status_code == 403
    assert len(links_sent()) == 1
