"""Ids too large for a database integer are a 404, never a 500."""
from __future__ import annotations


def test_huge_amendment_id_is_not_found(client):
    response = client.get("/api/v1/amendments/99999999999999999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_huge_version_number_is_not_found(client):
    assert client.get("/api/v1/documents/charte/versions/3000000000").status_code == 404


def test_huge_page_is_a_bad_request(client):
    response = client.get("/api/v1/documents?page=99999999999999999999")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_huge_ids_in_pages_are_a_finished_404(client):
    for path in ("/amendments/99999999999999999999", "/comments/3000000000", "/admin/people/99999999999",
                 "/documents/charte/versions/99999999999"):
        response = client.get(path)
        assert response.status_code in (302, 404), path  # 302: admin sends visitors to log in first
        assert response.status_code != 500
    assert client.get("/amendments/99999999999999999999").status_code == 404


def test_nul_bytes_in_the_address_are_a_bad_request(client):
    response = client.get("/api/v1/amendments?document=a%00b")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    assert client.get("/documents?x=%00").status_code == 400
