"""The discussion of an application (comments like an amendment's) and its membership vote panel."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import policy
from app.comments import services as comment_services
from app.comments.models import Comment, CommentAnchor
from app.db_types import utcnow
from app.documents.services import create_version
from app.errors import Invalid
from app.extensions import db
from app.applications import services as applications
from app.notifications.models import Notification
from app.notifications.services import message_of
from app.applications import voting as membership
from tests.amendments.conftest import CHARTER
from tests.members.test_applications import submit
from tests.support.forms import login, post_form

PASSWORD = "un mot de passe"  # the contact's, chosen when applying (see submit)


def comment_on(client, application, body: str, parent_id: int | None = None):
    url = f"/applications/{application.id}"
    data = {"body": body} | ({"parent_id": str(parent_id)} if parent_id else {})
    return post_form(client, url + "/comments", data, token_from=url)


def comments_of(application) -> list[Comment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Comment).where(Comment.application_id == application.id)
                                   .order_by(Comment.id)))


def test_who_may_comment_on_an_application(people):
    application = submit()
    allowed = {role: policy.can_comment_on_application(people.get(role), application)
               for role in ("visitor", "member_a", "delegate_b", "facilitator", "candidate", "deactivated")}
    assert allowed == {"visitor": False, "member_a": True, "delegate_b": True, "facilitator": True,
                       "candidate": False, "deactivated": False}
    assert policy.can_comment_on_application(application.contact, application)  # the candidate answers
    assert not policy.can_comment(application.contact)  # but comments on no text


@pytest.mark.parametrize("role, allowed", [("member_a", True), ("delegate_b", True), ("facilitator", True),
                                           ("candidate", False)])
def test_members_comment_on_an_application_and_other_candidates_do_not(client, people, login_as, role, allowed):
    application = submit()
    login_as(role)
    response = comment_on(client, application, "Quel est votre modèle économique ?")
    assert response.status_code == (302 if allowed else 403)
    saved = comments_of(application)
    assert len(saved) == (1 if allowed else 0)
    if allowed:
        assert response.headers["Location"].endswith(f"/applications/{application.id}#comment-{saved[0].id}")
        assert saved[0].document_id is None and saved[0].organisation_id == people[role].organisation_id
        page = client.get(f"/applications/{application.id}").get_data(as_text=True)
        assert "Quel est votre modèle économique" in page


def test_the_candidates_contact_answers_in_the_discussion(client, people, login_as):
    application = submit()
    login_as("member_a")
    comment_on(client, application, "Où sont vos serveurs ?")
    login(client, "awa@coin.example", PASSWORD)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'id="application-comment-form"' in page and "Où sont vos serveurs" in page
    thread = comments_of(application)[0]
    assert comment_on(client, application, "À Nantes.", parent_id=thread.id).status_code == 302
    reply = comments_of(application)[1]
    assert (reply.parent_id, reply.author_id, reply.organisation_id) == (
        thread.id, application.contact_id, application.organisation_id)


def test_visitors_read_the_discussion_but_cannot_write(client, people):
    application = submit()
    comment_services.comment_on_application(application, author=people["member_a"], body="Bienvenue.",
                                            now=utcnow())
    db.session.commit()
    url = f"/applications/{application.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Bienvenue." in page and 'id="application-comment-form"' not in page and "/login?next=" in page
    refused = client.post(url + "/comments", data={"body": "Spam"})
    assert refused.status_code in (302, 400)  # to the login page, or no CSRF token: never saved
    assert [c.body for c in comments_of(application)] == ["Bienvenue."]


def test_a_reply_notifies_the_thread_and_a_facilitator_hides_a_comment(client, people, login_as):
    application = submit()
    login_as("member_a")
    comment_on(client, application, "Une question.")
    thread = comments_of(application)[0]
    login_as("delegate_b")
    assert comment_on(client, application, "Une réponse.", parent_id=thread.id).status_code == 302
    notes = db.session.scalars(select(Notification).where(Notification.kind == "reply")).all()
    assert [n.person_id for n in notes] == [people["member_a"].id]
    assert notes[0].url.startswith(f"/applications/{application.id}#comment-")
    login_as("member_a")
    assert post_form(client, f"/comments/{thread.id}/hide", {"reason": "Hors sujet"},
                     token_from=f"/applications/{application.id}").status_code == 403
    login_as("facilitator")
    hidden = post_form(client, f"/comments/{thread.id}/hide", {"reason": "Hors sujet"},
                       token_from=f"/applications/{application.id}")
    assert hidden.status_code == 302 and hidden.headers["Location"].endswith(f"#comment-{thread.id}")
    db.session.expire_all()
    assert thread.is_hidden and thread.hidden_reason == "Hors sujet"
    post_form(client, "/logout", {}, token_from=f"/applications/{application.id}")
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Hors sujet" in page and "Une question." not in page and "Une réponse." in page


def test_edit_resolve_and_permalink_of_an_application_comment(client, people, login_as):
    application = submit()
    login_as("member_a")
    comment_on(client, application, "Premier jet.")
    comment = comments_of(application)[0]
    edit_url = f"/comments/{comment.id}/edit"
    assert post_form(client, edit_url, {"body": "Version revue."}).status_code == 302
    assert post_form(client, f"/comments/{comment.id}/resolve", {},
                     token_from=f"/applications/{application.id}").status_code == 302
    db.session.expire_all()
    assert (comment.body, comment.status) == ("Version revue.", "resolved")
    assert client.get(f"/comments/{comment.id}").headers["Location"].endswith(
        f"/applications/{application.id}#comment-{comment.id}")


def test_a_reply_stays_in_its_own_discussion(people):
    application = submit()
    other = submit(contact_email="autre@coin.example")
    thread = comment_services.comment_on_application(application, author=people["member_a"], body="A",
                                                     now=utcnow())
    with pytest.raises(Invalid) as refused:
        comment_services.comment_on_application(other, author=people["member_a"], body="B", now=utcnow(),
                                                parent=thread)
    assert refused.value.code == "invalid_parent"


def test_a_comment_belongs_to_a_document_or_an_application(people):
    db.session.add(Comment(author_id=people["member_a"].id, body="x", body_html="<p>x</p>",
                           created_at=utcnow()))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_carrying_threads_forward_ignores_application_comments(charter, people):
    application = submit()
    comment_services.comment_on_application(application, author=people["member_a"], body="Hors texte",
                                            now=utcnow())
    version = create_version(charter, CHARTER + "\nUne clause de plus.\n", author=people["facilitator"],
                             now=utcnow(), summary="v2")
    db.session.commit()
    anchored = db.session.scalars(select(CommentAnchor.comment_id)
                                  .where(CommentAnchor.holds_in(version))).all()
    application_comment_ids = {c.id for c in comments_of(application)}
    assert not application_comment_ids & set(anchored)


def token_for(client, email: str, password: str = "correct horse") -> dict:
    token = client.post("/api/v1/tokens", json={"email": email, "password": password}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_api_lists_and_takes_application_comments(client, charter, people):
    application = submit()
    url = f"/api/v1/applications/{application.id}/comments"
    assert client.post(url, json={"body": "Sans jeton"}).status_code == 401
    created = client.post(url, json={"body": "Par l'API"}, headers=token_for(client, "member@a.example"))
    assert created.status_code == 201
    assert (created.json["application_id"], created.json["amendment_id"]) == (application.id, None)
    reply = client.post(url, json={"body": "Merci", "parent_id": created.json["id"]},
                        headers=token_for(client, "awa@coin.example", PASSWORD))
    assert reply.status_code == 201 and reply.json["parent_id"] == created.json["id"]
    other = client.post(url, json={"body": "Non"}, headers=token_for(client, "contact@c.example"))
    assert other.status_code == 403
    assert client.post(url, json={"body": "x", "clause_id": "a"},
                       headers=token_for(client, "member@a.example")).status_code in (400, 422)
    listing = client.get(url).json
    assert [c["body_html"] for c in listing["items"]] == ["<p>Par l'API</p>", "<p>Merci</p>"]
    assert client.get("/api/v1/applications/999999/comments").status_code == 404
    # Nothing else reading comments trips over one that belongs to no text.
    for path in ("/api/v1/documents/charte/versions/1/comments", "/feeds/activity.atom",
                 "/documents/charte/feed.atom", "/documents/charte", "/documents/charte/discussion",
                 f"/applications/{application.id}", "/api/v1/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_delegates_are_notified_when_a_membership_vote_opens(client, people, login_as):
    application = submit()
    login_as("facilitator")
    url = f"/applications/{application.id}"
    assert post_form(client, url + "/vote/open", {}, token_from=url).status_code == 302
    notes = db.session.scalars(select(Notification)
                               .where(Notification.kind == "membership_vote_opened")).all()
    delegates = {people[r].id for r in ("delegate_a", "delegate_a2", "delegate_b")}
    assert {n.person_id for n in notes} == delegates and len(notes) == len(delegates)
    assert all(n.url == url + "#vote" for n in notes)
    assert "Chatons du Coin" in message_of(notes[0])
    login_as("delegate_b")
    assert "Chatons du Coin" in client.get("/notifications").get_data(as_text=True)


def test_the_application_page_shows_the_shared_vote_panel(client, people, login_as):
    rules = applications.membership_rules(for_update=True)
    rules.secret_ballots = True
    application = submit()
    url = f"/applications/{application.id}"
    login_as("facilitator")
    page = client.get(url).get_data(as_text=True)
    assert 'class="vote-panel"' in page and re.search(r"quorum (de )?50 %", page)  # the membership rules
    post_form(client, url + "/vote/open", {}, token_from=url)
    page = client.get(url).get_data(as_text=True)
    # A secret ballot: no tally while open, only how many voted (issue 22.1).
    assert 'class="tally"' not in page and f'action="{url}/vote/cancel"' in page and "ballot-form" not in page
    login_as("delegate_a")
    assert "ballot-form" in client.get(url).get_data(as_text=True)
    post_form(client, url + "/vote/ballot", {"choice": "against", "justification": "Trop tôt"}, token_from=url)
    page = client.get(url).get_data(as_text=True)
    assert "ballot-form" in page and 'class="notice"' in page  # its ballot recalled, as on an amendment
    login_as("delegate_b")
    page = client.get(url).get_data(as_text=True)
    assert 'class="ballots"' not in page and "Trop tôt" not in page  # secret until the close
    assert 'class="tally"' not in page and re.search(r"1 (of|sur) 2 ", page)
    vote = membership.application_vote(application)
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert 'class="ballots"' in page and "Trop tôt" in page and "Organisation B" in page  # B did not vote
    assert 'class="tally"' in page
    assert "badge--rejected" in page and "ballot-form" not in page


def test_a_get_on_a_form_only_address_is_a_405_page_not_an_error(client, people):
    response = client.get(f"/applications/{submit().id}/vote/ballot")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_a_facilitator_cancels_a_membership_vote_from_the_panel(client, people, login_as):
    application = submit()
    url = f"/applications/{application.id}"
    login_as("facilitator")
    post_form(client, url + "/vote/open", {}, token_from=url)
    login_as("delegate_a")
    assert post_form(client, url + "/vote/cancel", {}, token_from=url).status_code == 403
    login_as("facilitator")
    assert post_form(client, url + "/vote/cancel", {}, token_from=url).status_code == 302
    db.session.expire_all()
    assert application.status == "pending" and membership.application_vote(application).status == "cancelled"
    page = client.get(url).get_data(as_text=True)
    assert 'class="notice notice--warning"' in page  # the vote was cancelled, its ballots kept
