"""Amendments through the JSON API, as API.md promises."""
from __future__ import annotations

from app.amendments import queries
from app.extensions import db
from tests.amendments.conftest import CHARTER, adopt, amended
from tests.conftest import PASSWORD


def token(client, email):
    return {"Authorization": "Bearer " + client.post(
        "/api/v1/tokens", json={"email": email, "password": PASSWORD}).json["token"]}


def body(old="revendre", new="vendre", base=1, **extra):
    return {"title": "Vendre", "rationale": "Plus clair.", "markdown": amended(CHARTER, old, new),
            "base_version": base, **extra}


def test_member_proposes_and_everyone_reads_it(client, charter, people):
    response = client.post("/api/v1/documents/charte/amendments", json=body(),
                           headers=token(client, "member@a.example"))
    assert response.status_code == 201
    created = response.json
    assert created["status"] == "discussion" and created["base_version"] == 1 and created["title"] == "Vendre"
    read = client.get(f"/api/v1/amendments/{created['id']}").json
    assert read["markdown"] == amended(CHARTER, "revendre", "vendre")
    assert [-1, "re"] in read["diff"] or any(op == -1 for op, _ in read["diff"])
    new_text = "".join(text for op, text in read["diff"] if op != -1)
    assert new_text == read["markdown"]
    assert read["vote"] is None and read["merged_version"] is None
    listing = client.get("/api/v1/amendments?document=charte&status=discussion").json
    assert listing["total"] == 1 and listing["items"][0]["organisation"] == "org-a"


def test_visitor_cannot_propose(client, charter):
    assert client.post("/api/v1/documents/charte/amendments", json=body()).status_code == 401


def test_candidate_cannot_propose(client, charter, people):
    response = client.post("/api/v1/documents/charte/amendments", json=body(),
                           headers=token(client, "contact@c.example"))
    assert response.status_code == 403


def test_draft_is_only_listed_for_its_author(client, charter, people):
    headers = token(client, "member@a.example")
    created = client.post("/api/v1/documents/charte/amendments", json=body(draft=True), headers=headers).json
    assert created["status"] == "draft"
    assert client.get(f"/api/v1/amendments/{created['id']}").status_code == 404
    assert client.get(f"/api/v1/amendments/{created['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/amendments").json["total"] == 0


def test_bad_bodies_get_clear_4xx(client, charter, people):
    headers = token(client, "member@a.example")
    url = "/api/v1/documents/charte/amendments"
    assert client.post(url, json={**body(), "status": "accepted"}, headers=headers).status_code == 422
    assert client.post(url, json={**body(), "base_version": "1"}, headers=headers).status_code == 422
    assert client.post(url, json={**body(), "base_version": 99}, headers=headers).status_code == 404
    assert client.post(url, json={**body(), "title": ""}, headers=headers).json["error"]["code"] == "missing_title"
    assert client.post("/api/v1/documents/nope/amendments", json=body(), headers=headers).status_code == 404


def test_stale_base_that_conflicts_is_409_needs_update(client, charter, people):
    headers = token(client, "member@a.example")
    first = client.post("/api/v1/documents/charte/amendments", json=body(), headers=headers).json
    adopt(queries.get_amendment(first["id"]))
    db.session.commit()
    response = client.post("/api/v1/documents/charte/amendments",
                           json=body("revendre les données", "louer les données"), headers=headers)
    assert response.status_code == 409 and response.json["error"]["code"] == "needs_update"
    fine = client.post("/api/v1/documents/charte/amendments", json=body("une voix", "une seule voix"),
                       headers=headers)
    assert fine.status_code == 201


def test_only_the_author_withdraws(client, charter, people):
    created = client.post("/api/v1/documents/charte/amendments", json=body(),
                          headers=token(client, "member@a.example")).json
    url = f"/api/v1/amendments/{created['id']}/withdraw"
    assert client.post(url, headers=token(client, "delegate@b.example")).status_code == 403
    assert client.post(url, headers=token(client, "member@a.example")).status_code == 200
    assert client.get(f"/api/v1/amendments/{created['id']}").json["status"] == "withdrawn"
    assert client.post(url, headers=token(client, "member@a.example")).status_code == 403
