"""Object-level checks the status codes of the matrix cannot show: swapped ids in forms and API bodies,
fields that are not accepted (ignored by forms, 422 by the API, never mass-assigned), someone else's
notifications. Each test looks at the database afterwards, then puts the seeded state back."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.amendments.models import Amendment
from app.auth.models import Invitation
from app.comments.models import Comment
from app.members.models import Organisation, Person
from app.notifications.models import Notification
from app.votes.models import Ballot, Vote
from tests.hardening.world import count


@pytest.fixture
def w(world):
    yield world
    world.restore()


def ballot_of(world, organisation_id: int) -> tuple | None:
    world.row(Ballot)  # a fresh session
    from app.extensions import db
    vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "amendment", Vote.subject_id == world.ids["voting"], Vote.status == "open"))
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id, Ballot.organisation_id == organisation_id))
    return None if ballot is None else (ballot.choice, ballot.cast_by_id, ballot.justification)


def test_ballot_form_with_another_organisations_id_counts_for_ones_own(w):
    ids = w.ids
    before_a = ballot_of(w, ids["org_a_id"])
    response = w.page("delegate_b", "POST", f"/amendments/{ids['voting']}/vote/ballot",
                      {"choice": "abstain", "justification": "B", "organisation_id": ids["org_a_id"],
                       "organisation": ids["org_a_id"], "cast_by_id": ids["person_member_a"]}, restore=False)
    assert response.status_code == 302
    assert ballot_of(w, ids["org_a_id"]) == before_a
    assert ballot_of(w, ids["org_b_id"]) == ("abstain", ids["person_delegate_b"], "B")


def test_api_ballot_with_an_organisation_id_is_refused_and_changes_nothing(w):
    response = w.api("delegate_b", "PUT", f"/api/v1/amendments/{w.ids['voting']}/ballot",
                     {"choice": "against", "organisation_id": w.ids["org_a_id"]}, restore=False)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_field"
    assert "organisation_id" in response.get_json()["error"]["message"]
    assert w.changed_tables() == []


def test_entry_form_ignores_hidden_fields_naming_another_organisation(w):
    ids = w.ids
    a_before = w.row(Organisation, slug=ids["org_a"])
    a_before = (a_before.name, a_before.status, a_before.description)
    response = w.page("delegate_b", "POST", f"/organisations/{ids['org_b']}/edit",
                      {"name": "Campus renommé", "slug": ids["org_a"], "id": ids["org_a_id"],
                       "organisation_id": ids["org_a_id"], "status": "former", "services": ""}, restore=False)
    assert response.status_code == 302
    a_after = w.row(Organisation, slug=ids["org_a"])
    assert (a_after.name, a_after.status, a_after.description) == a_before
    b_after = w.row(Organisation, id=ids["org_b_id"])
    assert (b_after.slug, b_after.name, b_after.status) == (ids["org_b"], "Campus renommé", "member")


def test_entry_form_keeps_the_services_when_the_field_is_not_sent(w):
    """Bug found by the matrix: the form took the `services` relationship (a list) for the field's text:
    the page showed "[<Service 1>, …]" (saved as is, it replaced the services) and a post without the
    field crashed with a 500."""
    ids = w.ids
    page = w.page("delegate_a", "GET", f"/organisations/{ids['org_a']}/edit").get_data(as_text=True)
    assert "&lt;Service" not in page
    services_before = [s.name for s in w.row(Organisation, slug=ids["org_a"]).services]
    assert services_before and services_before[0] in page
    response = w.page("delegate_a", "POST", f"/organisations/{ids['org_a']}/edit", {"name": "La Clède"},
                      restore=False)
    assert response.status_code == 302
    assert [s.name for s in w.row(Organisation, slug=ids["org_a"]).services] == services_before


def test_person_form_shows_the_persons_organisation(w):
    """Bug found by the matrix: no organisation was selected when editing a person, so saving the form
    as shown took them out of their organisation."""
    ids = w.ids
    page = w.page("facilitator", "GET", f"/admin/people/{ids['person_member_a']}").get_data(as_text=True)
    assert f'<option selected value="{ids["org_a_id"]}">' in page or \
        f'<option value="{ids["org_a_id"]}" selected>' in page


def test_account_form_ignores_role_and_identity_fields(w):
    ids = w.ids
    response = w.page("member_a", "POST", "/account",
                      {"name": "Bastien", "language": "fr", "is_facilitator": "y", "is_delegate": "y",
                       "organisation_id": ids["org_b_id"], "organisation": ids["org_b_id"],
                       "email": "camille@chls.example", "is_active_account": "y"}, restore=False)
    assert response.status_code == 302
    person = w.row(Person, id=ids["person_member_a"])
    assert (person.name, person.is_facilitator, person.is_delegate, person.organisation_id, person.email) == (
        "Bastien", False, False, ids["org_a_id"], "bastien@la-clede.example")


def test_invitation_into_another_organisation_is_refused(w):
    response = w.page("delegate_b", "POST", "/invite",
                      {"email": "intrus@example.org", "organisation": w.ids["org_a_id"], "as_delegate": "y"},
                      restore=False)
    assert response.status_code in (200, 422)
    assert w.row(Invitation, email="intrus@example.org") is None
    response = w.page("delegate_b", "POST", "/invite",
                      {"email": "ami@example.org", "organisation": w.ids["org_b_id"], "as_delegate": "y"},
                      restore=False)
    invitation = w.row(Invitation, email="ami@example.org")
    assert invitation is not None and invitation.organisation_id == w.ids["org_b_id"]
    assert invitation.as_delegate is False  # only a facilitator invites a delegate directly


def test_amendment_form_ignores_author_status_and_document_fields(w):
    ids = w.ids
    response = w.page("delegate_a", "POST", f"/amendments/{ids['own_a']}/edit",
                      {"title": "Titre changé", "rationale": "R", "markdown": "# Charte\n\nTexte.\n",
                       "base_version": ids["head"], "author_id": ids["person_delegate_b"], "status": "accepted",
                       "document_id": 2, "organisation_id": ids["org_b_id"]}, restore=False)
    assert response.status_code in (200, 302, 422)
    amendment = w.row(Amendment, id=ids["own_a"])
    assert amendment.author.email == "mathilde@la-clede.example"
    assert amendment.organisation_id == ids["org_a_id"]
    assert amendment.status != "accepted" and amendment.document.slug == ids["doc"]


def test_reply_into_a_thread_of_another_text_is_refused(w):
    before = count(Comment)
    response = w.page("member_a", "POST", f"/amendments/{w.ids['own_b']}/comments",
                      {"body": "Réponse", "parent_id": w.ids["comment_a"]}, restore=False)
    assert response.status_code == 422
    assert "same text" in response.get_data(as_text=True) or "même texte" in response.get_data(as_text=True)
    assert count(Comment) == before


@pytest.mark.parametrize("url, method, body", [
    ("/api/v1/documents/{doc}/amendments", "POST",
     {"title": "T", "rationale": "R", "markdown": "# Charte\n\nX.\n", "base_version": "{head}",
      "author_id": "{person_delegate_b}", "status": "accepted"}),
    ("/api/v1/amendments/{own_b}/comments", "POST", {"body": "x", "author_id": "{person_delegate_b}"}),
    ("/api/v1/documents/{doc}/versions/{head}/comments", "POST",
     {"body": "x", "clause_id": "{clause}", "organisation_id": "{org_b_id}"}),
    ("/api/v1/comments/{comment_a}", "PATCH", {"body": "x", "author_id": "{person_delegate_b}"}),
    ("/api/v1/amendments/{voting}/ballot", "PUT", {"choice": "for", "cast_by_id": "{person_delegate_b}"}),
])
def test_api_refuses_fields_it_does_not_accept(w, url, method, body):
    from tests.hardening.test_authorisation_matrix import fill
    response = w.api("member_a" if "ballot" not in url else "delegate_a", method, fill(url, w.ids),
                     fill(body, w.ids), restore=False)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "unknown_field" and error["message"]
    assert w.changed_tables() == []


def test_someone_elses_notifications_stay_theirs(w):
    mine = w.page("delegate_a", "GET", "/notifications").get_data(as_text=True)
    theirs = w.page("delegate_b", "GET", "/notifications").get_data(as_text=True)
    assert "x replied" in theirs or "x a répondu" in theirs
    assert "x replied" not in mine and "x a répondu" not in mine
    w.page("delegate_a", "POST", "/notifications/read", restore=False)
    unread = w.row(Notification, person_id=w.ids["person_delegate_b"])
    assert unread.read_at is None
