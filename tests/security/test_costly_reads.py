"""Issue 22.8: one huge amendment cannot tie up a worker; the visitors' store ignores unknown parameters."""
from __future__ import annotations

import pytest

from app.amendments import services as amendments
from app.caching.keys import canonical_query
from app.db_types import utcnow
from app.errors import Invalid
from tests.amendments.conftest import CHARTER
from tests.support.forms import csrf_token

HUGE = CHARTER + "\n\n".join(f"Paragraphe ajouté {i} " + "mot " * 30 for i in range(1000)) + "\n"


def test_a_proposal_may_not_grow_the_text_beyond_a_bound(charter, people):
    assert len(HUGE) - len(CHARTER) > amendments.MAX_GROWTH
    with pytest.raises(Invalid, match="100000"):
        amendments.create_amendment(charter, author=people["member_a"], title="Gros", rationale="r",
                                    markdown=HUGE, base_number=1, now=utcnow())


def test_the_api_says_so_with_a_sentence(client, charter, people):
    token = client.post("/api/v1/tokens", json={"email": people["member_a"].email,
                                                "password": "correct horse"}).get_json()["token"]
    response = client.post("/api/v1/documents/charte/amendments", headers={"Authorization": f"Bearer {token}"},
                           json={"title": "Gros", "rationale": "r", "markdown": HUGE, "base_version": 1})
    assert response.status_code == 422 and "100000" in response.get_json()["error"]["message"]


def test_the_preview_refuses_a_huge_text_before_computing_its_diff(client, charter, people, login_as):
    login_as("member_a")
    token = csrf_token(client, "/documents/charte/amendments/new")
    response = client.post("/documents/charte/amendments/preview",
                           data={"csrf_token": token, "markdown": HUGE, "base_version": 1})
    assert response.status_code == 422


def test_an_amendment_read_through_the_api_is_kept_for_visitors(app, client, amendment, monkeypatch):
    calls = []
    from app.api import amendments as api_amendments

    real = api_amendments.amendment_json
    monkeypatch.setattr(api_amendments, "amendment_json", lambda *a: calls.append(1) or real(*a))
    for _ in range(3):
        assert client.get(f"/api/v1/amendments/{amendment.id}").status_code == 200
    assert len(calls) == 1


def test_unknown_query_parameters_do_not_make_another_page(app, amendment, monkeypatch):
    from app.amendments import views

    renders, real = [], views.show_page
    monkeypatch.setattr(views, "show_page", lambda *a, **k: renders.append(1) or real(*a, **k))
    app.wsgi_app = app.wsgi_app.wsgi_app  # through Flask, not the shortcut, so that a miss would be seen
    client = app.test_client()
    for query in ("", "?x=1", "?x=2&y=3", "?mode=inline", "?context=whatever"):
        assert client.get(f"/amendments/{amendment.id}{query}").status_code == 200, query
    assert len(renders) == 1


def test_the_canonical_query_keeps_what_views_read():
    assert canonical_query("x=1&to=007&from=2&mode=side&mode=inline") == "from=2&mode=side&to=7"
    assert canonical_query("context=changes&page=1&utm_source=spam") == "page=1"
