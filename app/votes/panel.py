"""Everything the vote section of an amendment or application page shows, gathered in one place.

Both pages render the same partial (templates/votes/_vote_panel.html); what differs between an
amendment's vote and a membership vote (where the forms post, which rules apply, whether the
subject can still be put to the vote) is worked out here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.extensions import db
from app.members.application_models import Application
from app.members.models import Organisation
from app.votes import membership
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
    discussion_ends_at: datetime | None = None
    # What differs between an amendment's vote and a membership vote.
    title: str = ""
    can_be_opened: bool = False  # the subject is still in discussion
    rules_sentence: str = ""
    open_hint: str = ""
    open_url: str = ""
    cast_url: str = ""
    cancel_url: str = ""
    cancel_confirm: str = ""
    request_url: str | None = None  # an amendment's author may ask for the vote
    requested_at: datetime | None = None
    opens_later: bool = False  # a facilitator may open it, but not before the discussion period ends


def ballots_of(vote: Vote) -> list[Ballot]:
    return list(db.session.scalars(
        select(Ballot).where(Ballot.vote_id == vote.id)
        .options(joinedload(Ballot.organisation), joinedload(Ballot.cast_by)).order_by(Ballot.cast_at)
    ))


def did_not_vote(vote: Vote, ballots: list[Ballot]) -> list[Organisation]:
    voted = {ballot.organisation_id for ballot in ballots}
    members = db.session.scalars(select(Organisation).where(Organisation.status == "member").order_by(Organisation.name))
    return [organisation for organisation in members if organisation.id not in voted]


def rule_figures(rules) -> dict:
    return {"q": round(rules.quorum * 100), "t": round(rules.threshold * 100), "d": "%g" % rules.voting_days}


def fill(panel: VotePanel, user) -> VotePanel:
    """The tally, the ballots this reader may see, and the ballot form if they may cast one."""
    vote = panel.vote
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


def offer_to_open(panel: VotePanel) -> None:
    """The form to open the vote, once the discussion period is over (before, the service refuses it)."""
    if panel.discussion_ends_at is not None and utcnow() < panel.discussion_ends_at:
        panel.opens_later = True
    else:
        panel.open_form = OpenVoteForm()


def vote_panel(amendment: Amendment, user) -> VotePanel:
    """The vote of an amendment as this reader may see it, with the forms they may use."""
    document = amendment.document
    panel = VotePanel(
        vote=current_vote(amendment), discussion_ends_at=discussion_ends_at(amendment), title=_("The vote"),
        can_be_opened=amendment.status == "discussion",
        rules_sentence=_("Rules of “%(title)s”: quorum %(q)d %%, threshold %(t)d %%, voting for %(d)s days.",
                         title=document.title, **rule_figures(document)),
        open_hint=_("Leave empty to close after the voting period of the rules."),
        open_url=url_for("votes.open_vote", amendment_id=amendment.id),
        cast_url=url_for("votes.cast", amendment_id=amendment.id),
        cancel_url=url_for("votes.cancel", amendment_id=amendment.id),
        cancel_confirm=_("Cancel this vote and return the amendment to discussion?"),
        requested_at=amendment.vote_requested_at)
    if policy.can_request_vote(user, amendment):
        panel.request_url = url_for("votes.request_vote", amendment_id=amendment.id)
    if policy.can_open_vote(user, amendment):
        offer_to_open(panel)
    return fill(panel, user)


def application_panel(application: Application, user) -> VotePanel:
    """The membership vote on an application, with the same pieces as an amendment's."""
    panel = VotePanel(
        vote=membership.application_vote(application),
        discussion_ends_at=membership.discussion_ends_at(application), title=_("Membership vote"), can_be_opened=application.status == "pending",
        rules_sentence=_("Membership rules: quorum %(q)d %%, threshold %(t)d %%, voting for %(d)s days.",
                         **rule_figures(membership.membership_rules())),
        open_hint=_("Leave empty to close after the voting period of the membership rules."),
        open_url=url_for("applications.open_vote", application_id=application.id),
        cast_url=url_for("applications.cast", application_id=application.id),
        cancel_url=url_for("applications.cancel_vote", application_id=application.id),
        cancel_confirm=_("Cancel this vote and return the application to discussion?"))
    if policy.can_open_membership_vote(user, application):
        offer_to_open(panel)
    return fill(panel, user)
