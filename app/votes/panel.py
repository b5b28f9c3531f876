"""Everything the vote section of an amendment page shows, gathered in one place."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.amendments.models import Amendment
from app.extensions import db
from app.members.models import Organisation
from app.votes.forms import BallotForm, OpenVoteForm
from app.votes.models import Ballot, Vote
from app.votes.services import current_tally, current_vote, discussion_ends_at
from app.votes.tally import Tally


@dataclass
class VotePanel:
    vote: Vote | None
    tally: Tally | None = None
    ballots: list[Ballot] = field(default_factory=list)
    abstainers: list[Organisation] = field(default_factory=list)
    my_ballot: Ballot | None = None
    ballot_form: BallotForm | None = None
    open_form: OpenVoteForm | None = None
    show_ballots: bool = False
    discussion_ends_at: object = None


def ballots_of(vote: Vote) -> list[Ballot]:
    return list(db.session.scalars(
        select(Ballot).where(Ballot.vote_id == vote.id)
        .options(joinedload(Ballot.organisation), joinedload(Ballot.cast_by)).order_by(Ballot.cast_at)
    ))


def did_not_vote(vote: Vote, ballots: list[Ballot]) -> list[Organisation]:
    voted = {ballot.organisation_id for ballot in ballots}
    members = db.session.scalars(select(Organisation).where(Organisation.status == "member").order_by(Organisation.name))
    return [organisation for organisation in members if organisation.id not in voted]


def vote_panel(amendment: Amendment, user) -> VotePanel:
    """The vote of an amendment as this reader may see it, with the forms they may use."""
    vote = current_vote(amendment)
    panel = VotePanel(vote=vote, discussion_ends_at=discussion_ends_at(amendment))
    if policy.can_open_vote(user, amendment):
        panel.open_form = OpenVoteForm()
    if vote is None:
        return panel
    panel.tally = current_tally(vote)
    ballots = ballots_of(vote)
    panel.show_ballots = policy.can_see_ballots(user, vote)
    panel.ballots = ballots if panel.show_ballots else []
    panel.abstainers = did_not_vote(vote, ballots) if vote.status == "closed" else []
    if getattr(user, "organisation_id", None):
        panel.my_ballot = next((b for b in ballots if b.organisation_id == user.organisation_id), None)
    if policy.can_cast_ballot(user, vote):
        panel.ballot_form = BallotForm(obj=panel.my_ballot)
    return panel
