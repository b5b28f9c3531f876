"""Ids too large for a database integer are a 404, never a 500."""
from __future__ import annotations


def test_huge_amendment_id_is_not_found(client):
    response = client.get("/api/v1/amendments/99999999999999999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_huge_version_number_is_not_found(client):
    assert client.get("/api/v1/documents/charte/versions/3000000000").status_code == 404
