"""POST /api/v1/applications, GET /api/v1/applications/<id>, signed_charter_version in the list."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.applications.models import Application

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
    token = client.post("/api/v1/tokens", json={"email": "awa@coin.example", "password": "un mot de passe"})
    assert token.status_code == 201 and token.json["user"]["roles"] == ["candidate"]


@pytest.mark.parametrize("change, status", [
    ({"has_read_charter": False}, 422),
    ({"has_read_charter": "yes"}, 422),
    ({"services": "Pads"}, 422),
    ({"services": [{"name": "Pads", "url": "javascript:alert(1)"}]}, 422),
    ({"website": "ftp://coin.example"}, 422),
    ({"contact": {"name": "Awa", "email": "pas-une-adresse", "password": "un mot de passe"}}, 422),
    ({"contact": {"name": "Awa", "email": "member@a.example", "password": "un mot de passe"}}, 409),
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
