"""The directory, an organisation's page, editing its entry, signing and leaving, through the browser's forms."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app import policy
from app.db_types import utcnow
from app.extensions import db
from app.applications import services as applications
from app.applications import voting as membership
from app.members import services
from app.votes.closing import close_due_votes
from app.votes.services import cast_ballot
from tests.members.conftest import adopt_new_version
from tests.support.applications import confirmed
from tests.support.forms import csrf_token, post_form

ROLES = ["visitor", "member_a", "delegate_a", "delegate_b", "facilitator", "candidate"]
# role -> (may edit org-a's entry, may sign for org-a, may move org-a to former)
ALLOWED = {
    "visitor": (False, False, False),
    "member_a": (False, False, False),
    "delegate_a": (True, True, True),
    "delegate_b": (False, False, False),
    "facilitator": (True, False, True),
    "candidate": (False, False, False),
}


def act_as(login_as, role):
    return None if role == "visitor" else login_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_policy_matrix(people, login_as, role):
    person = act_as(login_as, role)
    org_a = people["org_a"]
    answers = (policy.can_edit_organisation(person, org_a), policy.can_sign_charter(person, org_a),
               policy.can_leave(person, org_a))
    assert answers == ALLOWED[role]
    assert not policy.can_sign_charter(people["deactivated"], org_a)


@pytest.mark.parametrize("role", ROLES)
def test_routes_matrix(client, charter, people, login_as, role):
    act_as(login_as, role)
    may_edit, may_sign, may_leave = ALLOWED[role]
    refused = 302 if role == "visitor" else 403  # visitors are sent to the login page
    assert client.get("/organisations/org-a/edit").status_code == (200 if may_edit else refused)
    assert client.get("/organisations/org-a/leave").status_code == (200 if may_leave else refused)
    token = csrf_token(client, "/organisations/org-a/leave" if may_leave else "/login")
    signed = client.post("/organisations/org-a/sign", data={"csrf_token": token, "version": "1"})
    assert signed.status_code == (302 if may_sign else refused)
    db.session.expire_all()
    assert people["org_a"].signed_charter_version == (1 if may_sign else None)


def test_sign_without_csrf_is_refused(client, charter, people, login_as):
    login_as("delegate_a")
    assert client.post("/organisations/org-a/sign", data={"version": "1"}).status_code == 400
    db.session.expire_all()
    assert people["org_a"].signed_charter_version is None


def test_pages_are_public_and_show_services_and_signatures(client, charter, people):
    services.set_services(people["org_a"], [{"name": "Pads", "description": "Écrire", "url": "https://pad.example"}])
    db.session.commit()
    directory = client.get("/organisations?service=Pads").get_data(as_text=True)
    assert "Organisation A" in directory and "Organisation B" not in directory
    page = client.get("/organisations/org-a").get_data(as_text=True)
    assert "https://pad.example" in page and "Delegate" in page and "delegate@a.example" not in page
    assert client.get("/organisations/nope").status_code == 404


def test_delegate_is_asked_to_sign_then_signs_the_new_version(client, charter, people, login_as):
    login_as("delegate_a")
    page = client.get("/organisations/org-a").get_data(as_text=True)
    assert "/organisations/org-a/sign" in page
    post_form(client, "/organisations/org-a/sign", {"version": "1"}, token_from="/organisations/org-a")
    page = client.get("/organisations/org-a").get_data(as_text=True)
    assert "/organisations/org-a/sign" not in page
    new = adopt_new_version(charter, people["facilitator"])
    page = client.get("/organisations/org-a").get_data(as_text=True)
    assert "/organisations/org-a/sign" in page and f'value="{new}"' in page
    stale = post_form(client, "/organisations/org-a/sign", {"version": "1"}, token_from="/organisations/org-a")
    assert stale.status_code == 302
    db.session.expire_all()
    assert people["org_a"].signed_charter_version == 1
    post_form(client, "/organisations/org-a/sign", {"version": str(new)}, token_from="/organisations/org-a")
    db.session.expire_all()
    assert people["org_a"].signed_charter_version == new


def test_delegate_edits_the_entry_and_services(client, people, login_as):
    login_as("delegate_a")
    response = post_form(client, "/organisations/org-a/edit", {
        "name": "Organisation A bis", "website": "https://a.example", "city": "Lyon", "description": "Nous.",
        "services": "Pads | Écrire | https://pad.a.example\nVisio",
    })
    assert response.status_code == 302
    db.session.expire_all()
    org_a = people["org_a"]
    assert (org_a.name, org_a.city, [s.name for s in org_a.services]) == ("Organisation A bis", "Lyon", ["Pads", "Visio"])


def test_invalid_services_give_the_text_back(client, people, login_as):
    login_as("facilitator")
    response = post_form(client, "/organisations/org-a/edit", {"name": "A", "services": "Pads | x | ftp://nope"})
    assert response.status_code == 422
    assert "ftp://nope" in response.get_data(as_text=True)
    db.session.expire_all()
    assert people["org_a"].name == "Organisation A"


def test_facilitator_moves_to_former_with_a_public_reason(client, people, login_as):
    login_as("facilitator")
    response = post_form(client, "/organisations/org-b/leave", {"reason": "Dissoute en assemblée générale."})
    assert response.status_code == 302
    page = client.get("/organisations/org-b").get_data(as_text=True)
    assert "Dissoute en assemblée générale." in page
    db.session.expire_all()
    assert people["org_b"].status == "former"
    assert not policy.can_cast_ballot(people["delegate_b"], None)
    assert client.get("/organisations/org-b/leave").status_code == 403  # already former


def test_api_lists_the_signed_charter_version(client, charter, people, login_as):
    login_as("delegate_a")
    post_form(client, "/organisations/org-a/sign", {"version": "1"}, token_from="/organisations/org-a")
    items = {o["slug"]: o for o in client.get("/api/v1/organisations").json["items"]}
    assert items["org-a"]["signed_charter_version"] == 1
    assert items["org-b"]["signed_charter_version"] is None
    assert items["org-c"]["status"] == "candidate"


def test_the_page_of_an_organisation_that_voted_on_an_application_links_to_it(client, charter, people):
    """Issue 21, point 2: a membership vote has no amendment; the page answered 500 once it was closed."""
    application = submit_application()
    vote = membership.open_membership_vote(application, by=people["facilitator"], now=utcnow())
    cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    close_due_votes(vote.closes_at + timedelta(seconds=1))
    db.session.commit()
    response = client.get("/organisations/org-a")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/applications/{application.id}#vote"' in html and "Chatons du Coin" in html
    assert client.get("/organisations").status_code == 200


def submit_application():
    application = applications.submit_application(
        name="Chatons du Coin", website=None, city=None, description="Nous.", services=[], motivation="",
        contact_name="Awa", contact_email="awa@coin.example", password="un mot de passe", has_read_charter=True,
        now=utcnow() - timedelta(days=10))
    return confirmed(application)
