"""Comments through the JSON API, as API.md promises, with their permissions."""
from __future__ import annotations

from app.documents.clauses import clauses_of
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.conftest import PASSWORD


def auth(client, email):
    token = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def clause_id(document, text):
    return next(c.clause_id for c in clauses_of(document.id, document.head_number) if text in c.source)


def test_member_comments_a_passage_and_another_replies(client, charter, people):  # noqa: F811
    url = "/api/v1/documents/charte/versions/1/comments"
    created = client.post(url, headers=auth(client, "member@a.example"), json={
        "clause_id": clause_id(charter, "revendre"), "quote": "revendre les données", "body": "Et **louer** ?"})
    assert created.status_code == 201
    body = created.json
    assert body["quote"] == "revendre les données" and "<strong>louer</strong>" in body["body_html"]
    assert {"id", "clause_id", "quote", "body_html", "author", "created_at"} <= set(body)
    reply = client.post(url, headers=auth(client, "delegate@b.example"), json={"body": "Oui.", "parent_id": body["id"]})
    assert reply.status_code == 201 and reply.json["parent_id"] == body["id"]
    listing = client.get(url).json
    assert [c["id"] for c in listing["items"]] == [body["id"], reply.json["id"]]
    assert listing["items"][0]["status"] == "open" and listing["items"][0]["first_version"] == 1


def test_visitor_cannot_comment_and_bad_bodies_are_4xx(client, charter, people):  # noqa: F811
    url = "/api/v1/documents/charte/versions/1/comments"
    assert client.post(url, json={"body": "x", "clause_id": "x"}).status_code == 401
    headers = auth(client, "member@a.example")
    assert client.post(url, headers=headers, json={"body": "x", "clause_id": "nope"}).status_code == 422
    assert client.post(url, headers=headers, json={"body": "", "clause_id": clause_id(charter, "revendre")}).status_code == 422
    assert client.post(url, headers=headers, json={"body": "x" * 10_001, "clause_id": clause_id(charter, "revendre")}).json["error"]["code"] == "too_long"
    assert client.post(url, headers=headers, json={"body": "x", "clause_id": 3}).status_code == 422
    assert client.post(url, headers=auth(client, "contact@c.example"), json={"body": "x"}).status_code == 403


def test_only_the_author_edits_members_resolve_facilitators_hide(client, charter, people):  # noqa: F811
    created = client.post("/api/v1/documents/charte/versions/1/comments", headers=auth(client, "member@a.example"),
                          json={"clause_id": clause_id(charter, "une voix"), "body": "Premier jet"}).json
    url = f"/api/v1/comments/{created['id']}"
    assert client.patch(url, headers=auth(client, "delegate@b.example"), json={"body": "Pirate"}).status_code == 403
    edited = client.patch(url, headers=auth(client, "member@a.example"), json={"body": "Mieux dit"})
    assert edited.status_code == 200 and "Mieux dit" in edited.json["body_html"] and edited.json["edited_at"]
    resolved = client.patch(url, headers=auth(client, "delegate@b.example"), json={"status": "resolved"})
    assert resolved.json["status"] == "resolved"
    refused = client.patch(url, headers=auth(client, "delegate@b.example"), json={"status": "hidden", "reason": "non"})
    assert refused.status_code == 403
    hidden = client.patch(url, headers=auth(client, "facilitator@example.org"),
                          json={"status": "hidden", "reason": "Attaque personnelle"})
    assert hidden.status_code == 200
    public = client.get("/api/v1/documents/charte/versions/1/comments").json["items"][0]
    assert public["status"] == "hidden" and public["body_html"] == "" and public["hidden_reason"] == "Attaque personnelle"


def test_comments_on_an_amendment(client, charter, people):  # noqa: F811
    amendment = client.post("/api/v1/documents/charte/amendments", headers=auth(client, "member@a.example"), json={
        "title": "t", "rationale": "r", "markdown": amended(CHARTER, "revendre", "vendre"), "base_version": 1}).json
    url = f"/api/v1/amendments/{amendment['id']}/comments"
    created = client.post(url, headers=auth(client, "delegate@b.example"), json={"body": "Pourquoi ?", "quote": "vendre"})
    assert created.status_code == 201
    assert client.get(url).json["items"][0]["quote"] == "vendre"


def test_carried_forward_and_outdated_threads_are_listed_on_later_versions(client, charter, people):  # noqa: F811
    headers = auth(client, "member@a.example")
    kept = client.post("/api/v1/documents/charte/versions/1/comments", headers=headers, json={
        "clause_id": clause_id(charter, "une voix"), "quote": "une voix", "body": "Gardé"}).json
    gone = client.post("/api/v1/documents/charte/versions/1/comments", headers=headers, json={
        "clause_id": clause_id(charter, "propres serveurs"), "quote": "nos propres serveurs", "body": "Perdu"}).json
    from app.db_types import utcnow
    from app.documents.services import create_version
    from app.extensions import db
    create_version(charter, amended(CHARTER, "3. Héberger les données sur nos propres serveurs.\n\n", ""),
                   author=None, now=utcnow(), summary="v2")
    db.session.commit()
    items = {c["id"]: c for c in client.get("/api/v1/documents/charte/versions/2/comments").json["items"]}
    assert items[kept["id"]]["status"] == "open" and items[kept["id"]]["first_version"] == 1
    assert items[gone["id"]]["status"] == "outdated" and items[gone["id"]]["quote"] == "nos propres serveurs"


def test_the_comment_allowance_is_the_token_persons_not_one_address(app, client, charter, people):  # noqa: F811
    # Every API client here comes from 127.0.0.1: the allowance must follow the token's person.
    app.config["COMMENT_LIMIT"] = "2 per minute"
    url = "/api/v1/documents/charte/versions/1/comments"
    body = {"clause_id": clause_id(charter, "revendre"), "body": "Une remarque."}
    member, delegate = auth(client, "member@a.example"), auth(client, "delegate@b.example")
    assert [client.post(url, headers=member, json=body).status_code for _ in range(2)] == [201, 201]
    assert [client.post(url, headers=delegate, json=body).status_code for _ in range(2)] == [201, 201]
    refused = client.post(url, headers=member, json=body)
    assert refused.status_code == 429 and refused.json["error"]["message"]
