"""Voting through the pages: open, cast, change, cancel; the rules form."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.amendments import services as amendment_services
from app.db_types import utcnow
from app.extensions import db
from app.votes import services as vote_services
from app.votes.models import Ballot, Vote
from tests.amendments.conftest import CHARTER, amended
from tests.documents.helpers import count_queries
from tests.support.forms import csrf_token, post_form


def test_facilitator_opens_delegate_casts_and_changes(client, amendment, login_as, people):
    url = f"/amendments/{amendment.id}"
    login_as("facilitator")
    assert post_form(client, f"{url}/vote/open", {"closes_at": ""}, token_from=url).status_code == 302
    assert db.session.scalar(select(Vote.status)) == "open"
    post_form(client, "/logout", {}, token_from="/")
    login_as("delegate_a")
    post_form(client, f"{url}/vote/ballot", {"choice": "against", "justification": "Non."}, token_from=url)
    post_form(client, f"{url}/vote/ballot", {"choice": "for", "justification": "Finalement oui."}, token_from=url)
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.choice, ballot.justification) == ("for", "Finalement oui.")
    page = client.get(url).get_data(as_text=True)
    assert "Finalement oui." in page


def test_member_cannot_open_or_cast(client, amendment, login_as):
    url = f"/amendments/{amendment.id}"
    login_as("member_a")
    token = csrf_token(client, url)
    assert client.post(f"{url}/vote/open", data={"csrf_token": token}).status_code == 403
    assert client.post(f"{url}/vote/ballot", data={"csrf_token": token, "choice": "for"}).status_code == 403
    assert db.session.scalar(select(Vote)) is None


def test_rules_form_is_for_facilitators_and_refuses_nonsense(client, charter, login_as):
    login_as("delegate_a")
    assert client.get("/documents/charte/rules").status_code == 403
    post_form(client, "/logout", {}, token_from="/")
    login_as("facilitator")
    bad = post_form(client, "/documents/charte/rules", {"quorum": "150", "threshold": "50", "discussion_days": "7",
                                                         "voting_days": "7"})
    assert bad.status_code == 422 and "150" in bad.get_data(as_text=True)
    good = post_form(client, "/documents/charte/rules", {"quorum": "60", "threshold": "66.67",
                                                          "discussion_days": "3.5", "voting_days": "7"})
    assert good.status_code == 302
    db.session.refresh(charter)
    assert (charter.quorum, round(charter.threshold, 4), charter.discussion_days) == (0.6, 0.6667, 3.5)


def test_rules_form_takes_numbers_written_the_french_way(client, charter, login_as):
    login_as("facilitator")
    good = post_form(client, "/documents/charte/rules", {"quorum": "60,5", "threshold": "66,67",
                                                          "discussion_days": "3,5", "voting_days": "7"})
    assert good.status_code == 302
    db.session.refresh(charter)
    assert (charter.quorum, round(charter.threshold, 4), charter.discussion_days) == (0.605, 0.6667, 3.5)
    bad = post_form(client, "/documents/charte/rules", {"quorum": "60,5,1", "threshold": "66",
                                                         "discussion_days": "3", "voting_days": "7"})
    assert bad.status_code == 422 and "60,5,1" in bad.get_data(as_text=True)


def test_a_ballot_with_a_mistake_comes_back_with_what_was_typed(client, amendment, login_as, people):
    url = f"/amendments/{amendment.id}"
    login_as("facilitator")
    post_form(client, f"{url}/vote/open", {"closes_at": ""}, token_from=url)
    post_form(client, "/logout", {}, token_from="/")
    login_as("delegate_a")
    too_long = post_form(client, f"{url}/vote/ballot", {"choice": "against", "justification": "Trop long. " * 600},
                         token_from=url)
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 422
    assert "Choose for, against or abstain." not in page and "Choisissez pour, contre ou abstention." not in page
    assert "5000" in page and "Trop long. Trop long." in page  # the length is named, the text given back
    assert '<input checked id="choice-1" name="choice" required type="radio" value="against">' in page
    no_choice = post_form(client, f"{url}/vote/ballot", {"justification": "Je ne sais pas encore."}, token_from=url)
    page = no_choice.get_data(as_text=True)
    assert no_choice.status_code == 422
    assert "Choisissez pour, contre ou abstention." in page and "Je ne sais pas encore." in page
    assert db.session.scalar(select(Ballot)) is None


def test_the_open_form_waits_for_the_end_of_the_discussion_period(client, charter, people, login_as):
    from app.amendments import services as amendments
    from app.db_types import utcnow
    from tests.amendments.conftest import CHARTER, amended

    fresh = amendments.create_amendment(
        charter, author=people["member_a"], title="Frais", rationale="Tout juste proposé.",
        markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow())
    db.session.commit()
    login_as("facilitator")
    page = client.get(f"/amendments/{fresh.id}").get_data(as_text=True)
    assert f'action="/amendments/{fresh.id}/vote/open"' not in page  # a button the service would refuse
    assert "Vous pourrez ouvrir le vote ici une fois la durée minimale de discussion écoulée." in page


def test_the_open_form_is_offered_once_the_discussion_period_is_over(client, amendment, login_as):
    login_as("facilitator")
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert f'action="/amendments/{amendment.id}/vote/open"' in page


def test_a_tie_at_a_half_threshold_says_why_it_is_not_reached(client, amendment, people):
    from app.db_types import utcnow
    from app.votes import services

    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    services.cast_ballot(vote, by=people["delegate_b"], choice="against", justification="", now=utcnow())
    db.session.commit()
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    # "50 % for; threshold 50 %: not reached" reads as a mistake without the reason.
    assert "non atteint</strong> (une égalité ne suffit jamais)" in page


def test_the_votes_page_costs_the_same_queries_however_many_votes_it_lists(client, charter, people, login_as):
    """Each vote's subject (its title, its text's title) is loaded with the others, not one query per vote."""
    def put_to_the_vote(count: int, *, closed: int) -> None:
        start = utcnow() - timedelta(days=10)  # discussed for 7 days, in vote since yesterday for 7
        for n in range(count):
            made = amendment_services.create_amendment(
                charter, author=people["member_a"], title=f"Vendre {n}", rationale="Plus clair.",
                markdown=amended(CHARTER, "revendre", f"vendre {n}"), base_number=1, now=start)
            vote = vote_services.open_vote(made, by=people["facilitator"], now=start + timedelta(days=8))
            if n < closed:
                vote_services.close_now(vote, by=people["facilitator"], now=start + timedelta(days=9))
        db.session.commit()

    login_as("delegate_a")
    put_to_the_vote(2, closed=1)
    with count_queries() as few:
        page = client.get("/votes")
    assert page.status_code == 200 and page.get_data(as_text=True).count("Vendre ") == 2
    put_to_the_vote(6, closed=3)
    with count_queries() as many:
        page = client.get("/votes")
    assert page.status_code == 200 and page.get_data(as_text=True).count("Vendre ") == 8
    assert len(many) == len(few)
