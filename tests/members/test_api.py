"""POST /api/v1/applications, GET /api/v1/applications/<id>, signed_charter_version in the list."""
from __future__ import annotations

import pytest

from sqlalchemy import select

from app.extensions import db
from app.applications.models import Application
from app.mail.models import OutboxMail
from app.members.models import Person
from tests.support.applications import confirmation_link

BODY = {"name": "Chatons du Coin", "website": "https://coin.example", "description": "Un petit chaton.",
        "services": [{"name": "Pads", "description": "Écrire", "url": "https://pad.coin.example"}],
        "contact": {"name": "Awa", "email": "awa@coin.example", "password": "un mot de passe"},
        "has_read_charter": True}


def test_apply_through_the_api(client, people):
    response = client.post("/api/v1/applications", json=BODY)
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["status"], body["organisation"]["slug"], body["organisation"]["status"]) == (
        "pending", "chatons-du-coin", "candidate")
    assert client.get(f"/api/v1/applications/{body['id']}").json["id"] == body["id"]
    assert client.get("/api/v1/applications/999").status_code == 404
    credentials = {"email": "awa@coin.example", "password": "un mot de passe"}
    assert client.post("/api/v1/tokens", json=credentials).status_code == 401  # no account before the link
    assert client.get(confirmation_link()).status_code == 302
    token = client.post("/api/v1/tokens", json=credentials)
    assert token.status_code == 201 and token.json["user"]["roles"] == ["candidate"]


def test_a_registered_address_gets_the_same_answer_and_its_owner_a_mail(client, people):
    """Issue 22.15: applying tells nobody whether an address is registered; its owner hears of it."""
    fresh = client.post("/api/v1/applications", json=BODY)
    taken = client.post("/api/v1/applications", json={**BODY, "name": "Autres Chatons", "contact": {
        "name": "Quelqu'un", "email": "Member@A.example", "password": "un autre mot de passe"}})
    assert (fresh.status_code, taken.status_code) == (201, 201)
    assert set(fresh.json) == set(taken.json) and "member@a.example" not in taken.get_data(as_text=True)
    assert (fresh.json["status"], taken.json["status"]) == ("pending", "pending")
    mails = dict(db.session.execute(select(OutboxMail.to_address, OutboxMail.text_body)
                                    .where(OutboxMail.kind == "confirmation")).all())
    assert "/confirm/" in mails["awa@coin.example"]
    assert "/confirm/" not in mails["member@a.example"] and "déjà celle de votre compte" in \
        mails["member@a.example"].replace("\n", " ")
    member = db.session.scalar(select(Person).where(Person.email == "member@a.example"))
    assert member.organisation.slug == "org-a"  # the account is unchanged
    assert client.post("/api/v1/tokens", json={"email": "member@a.example",
                                               "password": "un autre mot de passe"}).status_code == 401


@pytest.mark.parametrize("change, status", [
    ({"has_read_charter": False}, 422),
    ({"has_read_charter": "yes"}, 422),
    ({"services": "Pads"}, 422),
    ({"services": [{"name": "Pads", "url": "javascript:alert(1)"}]}, 422),
    ({"website": "ftp://coin.example"}, 422),
    ({"contact": {"name": "Awa", "email": "pas-une-adresse", "password": "un mot de passe"}}, 422),
    ({"status": "member"}, 422),
    ({"name": 42}, 422),
])
def test_bad_applications_are_refused_cleanly(client, people, change, status):
    response = client.post("/api/v1/applications", json={**BODY, **change})
    assert response.status_code == status, response.json
    assert response.json["error"]["code"]
    assert db.session.query(Application).count() == 0


def test_malformed_body_is_400(client, people):
    assert client.post("/api/v1/applications", data="{", content_type="application/json").status_code == 400


def test_applications_are_rate_limited(app, client, people):
    app.config["APPLICATION_LIMIT"] = "2 per hour"
    statuses = [client.post("/api/v1/applications", json={**BODY, "has_read_charter": False}).status_code
                for _ in range(3)]
    assert statuses == [422, 422, 429]
