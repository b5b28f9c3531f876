"""The text with its margin is kept per version, language, generation and permission class
(app/documents/fragments.text_with_margin, issue 20.2): each reader still sees exactly the
margin of what they may do, and the next write shows at once."""
from __future__ import annotations

from app.comments import services as comment_services
from app.db_types import utcnow
from app.documents import clauses as clause_store
from app.documents.services import create_document
from app.extensions import db

TEXT = "# Charte\n\nPremier article.\n\nDeuxième article.\n"


def make_charter(people):
    document = create_document("charte", "Charte", TEXT, author=people["facilitator"], now=utcnow(), summary="v1")
    db.session.commit()
    return document


FR = {"Accept-Language": "fr"}  # the language of the people of the fixture


def test_a_visitor_never_gets_the_margin_kept_for_a_member_nor_the_reverse(app, client, people, login_as):
    make_charter(people)
    assert "proposer une modification" not in app.test_client().get("/documents/charte", headers=FR).get_data(
        as_text=True)
    login_as("member_a")
    member = client.get("/documents/charte", headers=FR).get_data(as_text=True)
    assert "proposer une modification" in member and "data-comment" in member
    again = app.test_client().get("/documents/charte", headers=FR).get_data(as_text=True)
    assert "proposer une modification" not in again and "data-comment" not in again


def test_a_new_comment_shows_in_the_kept_margin_of_the_next_page(client, people, login_as):
    document = make_charter(people)
    login_as("member_a")
    assert "1 fil ouvert" not in client.get("/documents/charte", headers=FR).get_data(as_text=True)
    version = document.versions[-1]
    clause = clause_store.clauses_of(document.id, 1)[1].clause_id
    comment_services.comment_on_version(version, author=people["delegate_b"], body="Pourquoi ?", now=utcnow(),
                                        clause_id=clause)
    db.session.commit()
    assert "1 fil ouvert" in client.get("/documents/charte", headers=FR).get_data(as_text=True)
