"""GET /api/v1/documents/…: the fields API.md promises, and clear errors."""
from __future__ import annotations

import pytest

from app.documents.queries import get_version
from tests.documents.helpers import charter

V2 = charter(3).replace("(article 2)", "(article 2, chaque année)")
V3 = "Un nouveau préambule.\n\n" + V2.replace("## Article 1\n\n", "").replace("- premier point 3\n", "") + "\nFin.\n"
TEXTS = [charter(3), V2, V3]


@pytest.fixture
def document(make_document, people):
    return make_document("charte", *TEXTS, title="Charte", author=people["delegate_a"])


def apply(ops: list) -> tuple[str, str]:
    """The old and the new text that a diff describes."""
    old = "".join(text for op, text in ops if op != 1)
    new = "".join(text for op, text in ops if op != -1)
    return old, new


def test_list_documents(client, document):
    body = client.get("/api/v1/documents").json
    assert body == {"items": [{"slug": "charte", "title": "Charte", "head_version": 3}],
                    "page": 1, "per_page": 20, "total": 1}


def test_one_document_with_its_text_and_rules(client, document):
    body = client.get("/api/v1/documents/charte").json
    assert body["head_version"] == 3 and body["markdown"] == V3
    assert set(body["rules"]) == {"quorum", "threshold", "discussion_days", "voting_days", "secret_ballots"}
    assert 0 <= body["rules"]["quorum"] <= 1 and isinstance(body["rules"]["secret_ballots"], bool)


def test_versions_are_paginated(client, document):
    body = client.get("/api/v1/documents/charte/versions?per_page=2&page=2").json
    assert body["total"] == 3 and body["page"] == 2 and [v["number"] for v in body["items"]] == [3]
    item = body["items"][0]
    assert {"number", "created_at", "author", "amendment_id", "summary"} <= set(item)
    assert item["created_at"].endswith("+00:00") and item["author"] == "Delegate" and item["amendment_id"] is None


def test_one_version_with_html_and_clauses(client, document):
    body = client.get("/api/v1/documents/charte/versions/2").json
    assert body["number"] == 2 and body["markdown"] == V2 and body["amendment_id"] is None
    assert "<h2" in body["html"] and "chaque année" in body["html"]
    ids = [c.clause_id for c in get_version(document, 2).clauses]
    assert [c["id"] for c in body["clauses"]] == ids
    assert body["clauses"][0] == {"id": ids[0], "kind": "heading", "text": "# Charte"}


@pytest.mark.parametrize("old, new", [(1, 2), (1, 3), (2, 3), (3, 1), (2, 2)])
def test_compare_applied_gives_the_later_version(client, document, old, new):
    body = client.get(f"/api/v1/documents/charte/compare?from={old}&to={new}").json
    assert body["from"] == old and body["to"] == new
    assert all(op in (-1, 0, 1) and isinstance(text, str) for op, text in body["diff"])
    assert apply(body["diff"]) == (TEXTS[old - 1], TEXTS[new - 1])


@pytest.mark.parametrize("query, status, code", [
    ("", 400, "missing_parameter"), ("from=1", 400, "missing_parameter"), ("from=a&to=2", 400, "bad_parameter"),
    ("from=1.5&to=2", 400, "bad_parameter"), ("from=0&to=2", 422, "invalid_version"),
    ("from=-1&to=2", 422, "invalid_version"), ("from=1&to=9", 404, "version_not_found"),
    ("from=1&to=99999999999999999", 404, "version_not_found"),
])
def test_compare_explains_bad_parameters(client, document, query, status, code):
    response = client.get(f"/api/v1/documents/charte/compare?{query}")
    assert response.status_code == status and response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_clause_history_lists_the_versions_where_it_changed(client, document):
    clause = next(c for c in get_version(document, 2).clauses if "chaque année" in c.text)
    body = client.get(f"/api/v1/documents/charte/clauses/{clause.clause_id}/history").json
    assert [item["version"] for item in body["items"]] == [1, 2] and body["total"] == 2
    assert body["items"][1]["text"] == "Chaque membre publie ses comptes (article 2, chaque année)."


def test_raw_markdown_is_served_under_the_api_too(client, document):
    response = client.get("/api/v1/documents/charte/versions/1.md")
    assert response.status_code == 200 and response.data == TEXTS[0].encode("utf-8")
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"


@pytest.mark.parametrize("url, code", [
    ("/api/v1/documents/nope", "document_not_found"), ("/api/v1/documents/nope/versions", "document_not_found"),
    ("/api/v1/documents/charte/versions/4", "version_not_found"),
    ("/api/v1/documents/charte/versions/4.md", "version_not_found"),
    ("/api/v1/documents/charte/clauses/nope/history", "clause_not_found"),
])
def test_unknown_things_are_json_404s(client, document, url, code):
    response = client.get(url)
    assert response.status_code == 404 and response.json["error"]["code"] == code


def test_bad_pagination_is_a_400(client, document):
    response = client.get("/api/v1/documents/charte/versions?per_page=500")
    assert response.status_code == 400 and "error" in response.json
