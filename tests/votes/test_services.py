"""Opening, casting, cancelling and closing votes, as services."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.amendments import services as amendments
from app.db_types import utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.votes import services
from app.votes.models import Ballot, BallotEvent
from app.votes.rules import set_rules
from tests.amendments.conftest import CHARTER, amended


def test_vote_opens_after_the_discussion_period_with_the_rules_copied(amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    assert amendment.status == "voting"
    assert (vote.quorum, vote.threshold, vote.eligible_count) == (0.5, 0.5, 2)
    assert vote.closes_at - vote.opens_at == timedelta(days=7)


def test_vote_cannot_open_before_the_discussion_period(charter, people):
    fresh = amendments.create_amendment(charter, author=people["member_a"], title="t", rationale="r",
                                        markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow())
    with pytest.raises(Conflict) as refusal:
        services.open_vote(fresh, by=people["facilitator"], now=utcnow())
    assert refusal.value.code == "discussion_period"


def test_rules_changed_later_do_not_change_an_open_vote(amendment, people, charter):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    set_rules(charter, quorum=1.0, threshold=1.0)
    assert (vote.quorum, vote.threshold) == (0.5, 0.5)


def test_a_changed_ballot_stays_one_ballot_and_every_change_is_recorded(amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="Oui", now=utcnow())
    ballot = services.cast_ballot(vote, by=people["delegate_a2"], choice="against", justification="Non", now=utcnow())
    assert ballot.choice == "against" and ballot.cast_by_id == people["delegate_a2"].id
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
    events = db.session.scalars(select(BallotEvent.choice).order_by(BallotEvent.id)).all()
    assert events == ["for", "against"]


@pytest.mark.parametrize("role", ["member_a", "candidate", "facilitator"])
def test_only_delegates_of_member_organisations_cast(amendment, people, role):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    with pytest.raises(NotAllowed):
        services.cast_ballot(vote, by=people[role], choice="for", justification="", now=utcnow())
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_closing_accepts_and_merges_exactly_once(amendment, people, charter):
    opened = utcnow() - timedelta(days=8)
    vote = services.open_vote(amendment, by=people["facilitator"], now=opened)
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=opened)
    services.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=opened)
    assert services.close_vote(vote, now=utcnow()) is True
    assert services.close_vote(vote, now=utcnow()) is False
    assert (vote.outcome, amendment.status, charter.head_number) == ("accepted", "accepted", 2)


def test_no_quorum_rejects(amendment, people):
    opened = utcnow() - timedelta(days=8)
    vote = services.open_vote(amendment, by=people["facilitator"], now=opened)
    services.close_vote(vote, now=utcnow())
    assert (vote.outcome, amendment.status) == ("no_quorum", "rejected")


def test_closing_before_the_deadline_is_refused(amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    with pytest.raises(Conflict):
        services.close_vote(vote, now=utcnow())


def test_cancel_returns_to_discussion_and_keeps_the_ballots(amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    services.cancel_vote(vote, by=people["facilitator"], now=utcnow())
    assert (vote.status, amendment.status) == ("cancelled", "discussion")
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
    with pytest.raises(Conflict):
        services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
