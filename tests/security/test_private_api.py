"""Issue 22.11: on a members-only instance, a token's person reads the API (visitors still get 401)."""
from __future__ import annotations

from tests.conftest import PASSWORD


def test_a_token_reads_the_api_of_a_private_instance(app, client, people):
    app.config["PALABRE_PUBLIC"] = False
    response = client.post("/api/v1/tokens", json={"email": people["member_a"].email, "password": PASSWORD})
    assert response.status_code == 201
    headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
    assert client.get("/api/v1/organisations", headers=headers).status_code == 200
    assert client.get("/api/v1/organisations").status_code == 401
    assert client.get("/api/v1/organisations", headers={"Authorization": "Bearer forged"}).status_code == 401
