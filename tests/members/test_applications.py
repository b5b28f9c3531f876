"""Applying, the membership vote, and what acceptance or refusal changes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app import policy
from app.db_types import utcnow
from app.errors import Conflict, Invalid
from app.extensions import db
from app.applications import services as applications
from app.applications.models import Application
from app.applications import voting as membership
from app.votes.closing import close_due_votes
from app.votes.services import cancel_vote, cast_ballot
from tests.support.applications import confirmation_link, confirmed
from tests.support.forms import login, post_form

FORM = {
    "name": "Chatons du Coin", "website": "https://coin.example", "city": "Nantes", "description": "Un petit chaton.",
    "services": "Pads | Écrire à plusieurs | https://pad.coin.example", "motivation": "Partager.",
    "contact_name": "Awa", "contact_email": "Awa@Coin.example", "password": "un mot de passe", "has_read_charter": "y",
}


def submit(now=None, **changes):
    fields = {"name": "Chatons du Coin", "website": None, "city": None, "description": "Nous.", "services": [],
              "motivation": "", "contact_name": "Awa", "contact_email": "awa@coin.example",
              "password": "un mot de passe", "has_read_charter": True, **changes}
    application = applications.submit_application(now=now or utcnow() - timedelta(days=10), **fields)
    return confirmed(application)  # the contact opened the link e-mailed (tests/members/test_confirmation.py)


def test_submitting_creates_a_candidate_and_a_contact_who_is_not_a_delegate(charter, people):
    application = submit(services=[{"name": "Pads"}])
    organisation, contact = application.organisation, application.contact
    assert (organisation.slug, organisation.status, application.status) == ("chatons-du-coin", "candidate", "pending")
    assert (contact.email, contact.is_delegate, contact.roles) == ("awa@coin.example", False, ["candidate"])
    assert application.charter_version == 1 and [s.name for s in organisation.services] == ["Pads"]
    assert not policy.can_comment(contact) and not policy.can_propose(contact)
    assert submit(contact_email="other@coin.example").organisation.slug == "chatons-du-coin-2"


def test_the_charter_must_have_been_read(people):
    with pytest.raises(Invalid):
        submit(has_read_charter=False)


def vote_on(application, people, choices, now=None):
    vote = membership.open_membership_vote(application, by=people["facilitator"], now=now or utcnow())
    for role, choice in choices.items():
        cast_ballot(vote, by=people[role], choice=choice, justification="", now=now or utcnow())
    db.session.commit()
    return vote


def test_accepted_application_makes_a_member_and_a_delegate(people):
    application = submit()
    vote = vote_on(application, people, {"delegate_a": "for", "delegate_b": "for"})
    assert application.status == "voting" and vote.eligible_count == 2
    assert close_due_votes(vote.closes_at + timedelta(seconds=1)) == 1
    db.session.expire_all()
    assert (vote.outcome, application.status) == ("accepted", "accepted")
    organisation = application.organisation
    assert organisation.status == "member" and organisation.joined_on == vote.closed_at.date()
    assert application.contact.is_delegate and policy.is_delegate_of(application.contact, organisation)
    assert organisation.signed_charter_version is None  # members sign after joining


def test_refused_application_stays_a_candidate(people):
    application = submit()
    vote = vote_on(application, people, {"delegate_a": "against", "delegate_b": "for"})
    close_due_votes(vote.closes_at + timedelta(seconds=1))
    db.session.expire_all()
    assert (vote.outcome, application.status, application.organisation.status) == ("rejected", "rejected", "candidate")
    assert not application.contact.is_delegate


def test_membership_rules_apply_and_the_vote_waits_for_the_discussion(people):
    rules = applications.membership_rules(for_update=True)
    rules.quorum, rules.threshold, rules.discussion_days = 1.0, 0.67, 3
    application = submit(now=utcnow())
    with pytest.raises(Conflict):
        membership.open_membership_vote(application, by=people["facilitator"], now=utcnow())
    later = utcnow() + timedelta(days=4)
    vote = vote_on(application, people, {"delegate_a": "for"}, now=later)
    assert (vote.quorum, vote.threshold) == (1.0, 0.67)
    close_due_votes(vote.closes_at + timedelta(seconds=1))
    assert vote.outcome == "no_quorum" and application.status == "rejected"


def test_cancelling_returns_the_application_to_discussion_and_amendment_votes_are_untouched(people):
    application = submit()
    vote = vote_on(application, people, {})
    cancel_vote(vote, by=people["facilitator"], now=utcnow())
    assert (vote.status, application.status) == ("cancelled", "pending")


def test_membership_votes_stay_out_of_the_amendment_vote_list(client, people):
    vote_on(submit(), people, {"delegate_a": "for"})
    page = client.get("/votes")
    assert page.status_code == 200
    assert "Chatons du Coin" in page.get_data(as_text=True) and "Adhésion" in page.get_data(as_text=True)


def test_the_whole_journey_through_the_forms(client, charter, people, login_as):
    response = post_form(client, "/join", FORM)
    assert response.status_code == 302
    application = db.session.query(Application).one()
    assert client.get(f"/applications/{application.id}").status_code == 200
    application.submitted_at -= timedelta(days=10)
    db.session.commit()
    assert client.get(confirmation_link()).status_code == 302
    login_as("facilitator")
    url = f"/applications/{application.id}"
    assert post_form(client, url + "/vote/open", {}, token_from=url).status_code == 302
    for role in ("delegate_a", "delegate_b"):
        login_as(role)
        assert post_form(client, url + "/vote/ballot", {"choice": "for", "justification": "Bienvenue !"},
                         token_from=url).status_code == 302
    db.session.expire_all()
    vote = membership.application_vote(application)
    assert {b.organisation.slug for b in vote.ballots} == {"org-a", "org-b"}
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Bienvenue" in page
    db.session.expire_all()
    assert application.organisation.status == "member"
    directory = client.get("/organisations").get_data(as_text=True)
    assert "Chatons du Coin" in directory
    login(client, "awa@coin.example", "un mot de passe")
    assert client.get("/organisations/chatons-du-coin").get_data(as_text=True).count("/organisations/chatons-du-coin/sign")


ROLES = ["visitor", "member_a", "delegate_a", "facilitator", "candidate"]


@pytest.mark.parametrize("role", ROLES)
def test_application_routes_matrix(client, people, login_as, role):
    application = submit()
    if role != "visitor":
        login_as(role)
    url = f"/applications/{application.id}"
    assert client.get(url).status_code == 200
    assert client.get("/join").status_code == (200 if role == "visitor" else 302)
    token_page = "/join" if role == "visitor" else url  # visitors read without a session: no token on the page
    opened = post_form(client, url + "/vote/open", {}, token_from=token_page)
    assert opened.status_code == {"visitor": 302, "facilitator": 302}.get(role, 403)
    db.session.expire_all()
    assert (application.status == "voting") == (role == "facilitator")
    ballot = post_form(client, url + "/vote/ballot", {"choice": "for"}, token_from=token_page)
    assert ballot.status_code == (302 if role == "visitor" else 403)  # no open vote but the facilitator's


def test_application_without_csrf_or_checkbox_is_refused(client, people):
    assert client.post("/join", data=FORM).status_code in (400, 422)
    refused = post_form(client, "/join", {**FORM, "has_read_charter": ""})
    assert refused.status_code == 422 and "Chatons du Coin" in refused.get_data(as_text=True)
    assert db.session.query(Application).count() == 0


@pytest.mark.parametrize("role, status", [("member_a", 403), ("delegate_a", 403), ("facilitator", 302)])
def test_only_facilitators_set_the_membership_rules(client, people, login_as, role, status):
    login_as(role)
    token_page = "/applications/rules" if role == "facilitator" else "/applications"
    response = post_form(client, "/applications/rules", {"quorum": "60", "threshold": "66.67", "discussion_days": "3",
                                                          "voting_days": "5"}, token_from=token_page)
    assert response.status_code == status
    db.session.expire_all()
    assert applications.membership_rules().quorum == (0.6 if status == 302 else 0.5)


def test_set_membership_rules_command(runner, people):
    result = runner.invoke(args=["set-membership-rules", "--quorum", "0.75", "--voting-days", "10"])
    assert result.exit_code == 0, result.output
    assert "quorum 0.75" in result.output
    db.session.expire_all()
    assert (applications.membership_rules().quorum, applications.membership_rules().voting_days) == (0.75, 10)
    assert runner.invoke(args=["set-membership-rules", "--quorum", "2"]).exit_code != 0


def test_a_membership_ballot_without_a_choice_comes_back_with_what_was_typed(client, charter, people, login_as):
    application = submit()
    membership.open_membership_vote(application, by=people["facilitator"], now=utcnow())
    db.session.commit()
    login_as("delegate_a")
    url = f"/applications/{application.id}"
    response = post_form(client, url + "/vote/ballot", {"justification": "Bienvenue, sans doute."}, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choisissez pour, contre ou abstention." in page and "Bienvenue, sans doute." in page
    db.session.expire_all()
    assert membership.application_vote(application).ballots == []


def test_the_applicant_is_told_to_confirm_the_address_the_link_went_to(client, charter):
    page = post_form(client, "/join", FORM, follow_redirects=True).get_data(as_text=True)
    assert "Votre candidature a bien été reçue. Nous avons envoyé un message à awa@coin.example" in page
    assert "ne peuvent voter sur votre candidature qu’une fois celle-ci confirmée" in page


def test_applying_with_a_registered_address_answers_as_with_a_new_one(client, charter, people):
    """Issue 22.15: the form used to answer 409 “Someone already has the e-mail address …”."""
    answers = {}
    for email in ("awa@coin.example", "Member@A.example"):
        response = post_form(client, "/join", {**FORM, "name": f"Chatons {email}", "contact_email": email})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers[email] = (response.status_code, "Nous avons envoyé un message à " + email.lower() in page,
                          "e-mail pas encore confirmé" in page, "est déjà utilisée" in page)
    assert answers["awa@coin.example"] == answers["Member@A.example"] == (302, True, True, False)
    assert db.session.query(Application).count() == 2
    refused = post_form(client, "/login", {"email": "member@a.example", "password": FORM["password"]})
    assert refused.status_code == 401  # the password typed in the application is no key to the account
