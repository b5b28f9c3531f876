"""The contact of an application confirms their address by a signed, expiring link before any vote."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db_types import utcnow
from app.errors import Conflict
from app.extensions import db
from app.mail.models import OutboxMail
from app.members import applications, confirmation
from app.members.application_models import Application
from app.votes import membership
from tests.support.forms import post_form

FORM = {
    "name": "Chatons du Coin", "website": "https://coin.example", "city": "Nantes", "description": "Un petit chaton.",
    "services": "", "motivation": "Partager.", "contact_name": "Awa", "contact_email": "awa@coin.example",
    "password": "un mot de passe", "has_read_charter": "y",
}


def confirmation_link() -> str:
    body = db.session.scalar(select(OutboxMail.text_body).where(OutboxMail.kind == "confirmation"))
    return re.search(r"http://localhost(/applications/\d+/confirm/\S+)", body).group(1)


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
    post_form(client, url + "/open-vote", {}, token_from=url)
    page = client.get(url).get_data(as_text=True)
    assert "pas encore confirmé son adresse" in page
    db.session.expire_all()
    assert application.status == "pending"
    assert client.get(confirmation_link()).status_code == 302
    assert "e-mail confirmé" in client.get(url).get_data(as_text=True)
    assert post_form(client, url + "/open-vote", {}, token_from=url).status_code == 302
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
    assert client.get(f"/applications/{application.id}/confirm/{token}").status_code == 302
    db.session.expire_all()
    assert application.contact_confirmed_at is None
    with pytest.raises(Conflict):
        membership.open_membership_vote(application, by=people["facilitator"], now=utcnow() + timedelta(days=30))
