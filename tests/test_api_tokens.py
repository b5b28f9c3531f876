"""POST /api/v1/tokens and bearer authentication."""
from __future__ import annotations

from tests.conftest import PASSWORD


def test_token_for_good_credentials(client, people):
    response = client.post("/api/v1/tokens", json={"email": "delegate@a.example", "password": PASSWORD})
    assert response.status_code == 201
    body = response.json
    assert body["token"] and body["user"]["organisation"]["slug"] == "org-a"
    assert set(body["user"]["roles"]) == {"member", "delegate"}


def test_token_authenticates_requests(client, people):
    token = client.post("/api/v1/tokens", json={"email": "member@a.example", "password": PASSWORD}).json["token"]
    ok = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    bad = client.get("/api/v1/organisations", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401 and bad.json["error"]["code"] == "unauthorized"


def test_wrong_password_is_401_then_429(client, people):
    statuses = [client.post("/api/v1/tokens", json={"email": "member@a.example", "password": "x"}).status_code
                for _ in range(7)]
    assert statuses[0] == 401
    assert statuses[-1] == 429
    last = client.post("/api/v1/tokens", json={"email": "member@a.example", "password": "x"})
    assert last.json["error"]["code"] == "rate_limited"


def test_malformed_and_unknown_fields_are_4xx(client, people):
    assert client.post("/api/v1/tokens", data="{not json", content_type="application/json").status_code == 400
    response = client.post("/api/v1/tokens", json={"email": "a@b.c", "password": "x", "is_facilitator": True})
    assert response.status_code == 422 and response.json["error"]["code"] == "unknown_field"
    assert client.post("/api/v1/tokens", json={"email": 3, "password": "x"}).status_code == 422
    assert client.post("/api/v1/tokens", json=["list"]).status_code == 400


def test_organisations_are_listed_with_pagination(client, people):
    body = client.get("/api/v1/organisations?per_page=2&page=1").json
    assert body["total"] == 3 and len(body["items"]) == 2 and body["per_page"] == 2
    assert {"slug", "name", "status", "website", "signed_charter_version"} <= set(body["items"][0])
    assert client.get("/api/v1/organisations?per_page=500").status_code == 400
