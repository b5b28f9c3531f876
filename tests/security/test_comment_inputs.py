"""Issue 22.12: a parent number beyond any database integer is a form error, not a 500."""
from __future__ import annotations

import pytest

from tests.support.forms import csrf_token

HUGE = "99999999999999999999"


@pytest.mark.parametrize("where", ["amendment", "clause"])
def test_a_huge_parent_number_gives_the_text_back(client, amendment, people, login_as, where):
    login_as("member_a")
    clause = amendment.document.versions[-1].clauses[1].clause_id
    url = (f"/amendments/{amendment.id}/comments" if where == "amendment"
           else f"/documents/charte/versions/1/clauses/{clause}/comments")
    token = csrf_token(client, f"/amendments/{amendment.id}")
    response = client.post(url, data={"csrf_token": token, "body": "Ma réponse tapée.", "parent_id": HUGE})
    assert response.status_code == 422
    assert "Ma réponse tapée." in response.get_data(as_text=True)


def test_a_hidden_comments_quote_leaves_the_api_with_its_text(client, charter, people):
    from app.comments import services as comments
    from app.db_types import utcnow
    from app.extensions import db

    version = charter.versions[-1]
    clause = version.clauses[1]
    quote = comments.clause_text(version, clause.clause_id).split()[0]
    comment = comments.comment_on_version(version, author=people["member_a"], body="Propos déplacé.", now=utcnow(),
                                          clause_id=clause.clause_id, quote=quote)
    comments.hide_comment(comment, by=people["facilitator"], reason="Hors sujet.", now=utcnow())
    db.session.commit()
    listed = client.get(f"/api/v1/documents/charte/versions/{version.number}/comments").get_json()["items"]
    (shown,) = [item for item in listed if item["id"] == comment.id]
    assert shown["quote"] is None and shown["body_html"] == "" and shown["hidden_reason"] == "Hors sujet."
