"""Issues 22.10 and 17.6: a JSON body nested 100,000 levels deep is a 400 with a sentence, never a 500."""
from __future__ import annotations

import pytest

from app.comments import services as comments
from app.db_types import utcnow
from app.extensions import db

from tests.conftest import PASSWORD
from tests.support.forms import csrf_token

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000


def bearer(client, email):
    token = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


API = [("POST", "/api/v1/tokens"), ("POST", "/api/v1/applications"), ("POST", "/api/v1/documents/charte/amendments"),
       ("POST", "/api/v1/amendments/{amendment}/comments"), ("PATCH", "/api/v1/comments/{comment}"),
       ("PUT", "/api/v1/amendments/{amendment}/ballot"), ("POST", "/api/v1/amendments/{amendment}/open-vote")]


@pytest.mark.parametrize("method, url", API)
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_the_api_answers_a_deep_body_with_a_400(client, amendment, people, method, url, body):
    comment = comments.comment_on_amendment(amendment, author=people["member_a"], body="Un avis.", now=utcnow())
    db.session.commit()
    headers = bearer(client, people["facilitator"].email)
    response = client.open(url.format(amendment=amendment.id, comment=comment.id), method=method, data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["message"]
    assert client.get("/api/v1/organisations").status_code == 200  # and the next request is served


@pytest.mark.parametrize("url", ["/language", "/login", "/join"])
def test_pages_answer_a_deep_json_body_with_a_400(client, people, url):
    response = client.post(url, data=DEEP, content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client, "/login")})
    assert response.status_code == 400


def test_a_logged_in_page_answers_a_deep_json_body_with_a_400(client, people, login_as):
    login_as("member_a")
    response = client.post("/account", data=DEEP, content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client, "/account")})
    assert response.status_code == 400
