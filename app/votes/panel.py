"""Everything the vote section of a subject's page shows, gathered in one place.

Every subject's page (an amendment, an application, a version to ratify) renders the same partial
(templates/votes/_vote_panel.html); what differs between subjects is asked of the subject.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Organisation
from app.votes import proxies, ranked, reminders
from app.votes.forms import BallotForm, ExtendVoteForm, OpenVoteForm, ProxyForm, ranking_form
from app.votes.models import Ballot, Vote, VoteElector, VoteProxy
from app.votes.services import current_tally, current_vote_on
from app.votes.subjects import VoteSubject, kind_of
from app.votes.tally import Tally


@dataclass
class VotePanel:
    handler: VoteSubject
    subject: object
    vote: Vote | None
    tally: Tally | None = None
    show_tally: bool = True
    ballots: list[Ballot] = field(default_factory=list)
    electorate: list[Organisation] = field(default_factory=list)
    abstainers: list[Organisation] = field(default_factory=list)
    # While open: the electorate's organisations without a ballot yet (who voted is public, not how).
    not_yet: list[Organisation] = field(default_factory=list)
    can_remind: bool = False
    next_reminder_at: datetime | None = None
    proxies: list[VoteProxy] = field(default_factory=list)
    my_ballot: Ballot | None = None
    ballot_form: BallotForm | None = None
    # Ballots this reader's organisation casts for others, by proxy: (giver, its ballot or None, the form).
    proxy_ballots: list[tuple[Organisation, Ballot | None, BallotForm]] = field(default_factory=list)
    proxy_form: ProxyForm | None = None
    my_proxy: VoteProxy | None = None
    open_form: OpenVoteForm | None = None
    extend_form: ExtendVoteForm | None = None
    show_ballots: bool = False
    discussion_ends_at: datetime | None = None
    words: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # a ranked vote's options (app/votes/subjects.py: Option)
    can_be_opened: bool = False  # the subject is still in discussion
    request_url: str | None = None  # an amendment's author may ask for the vote
    requested_at: datetime | None = None
    opens_later: bool = False  # a facilitator may open it, but not before the discussion period ends
    own_kept: bool = False  # the organisation's ballot and proxies: the reader's own part (app/votes/own_part.py)

    def url(self, action: str) -> str:
        return url_for(f"votes.{action}", prefix=self.handler.url_prefix, subject_id=self.subject.id)


def ballots_of(vote: Vote) -> list[Ballot]:
    return list(db.session.scalars(
        select(Ballot).where(Ballot.vote_id == vote.id)
        .options(joinedload(Ballot.organisation), joinedload(Ballot.cast_by), joinedload(Ballot.proxy_holder))
        .order_by(Ballot.cast_at)
    ))


def electorate_of(vote: Vote) -> list[Organisation]:
    """The organisations that may vote, by name: frozen at the opening (older votes: today's members)."""
    frozen = list(db.session.scalars(
        select(Organisation).join(VoteElector, (VoteElector.organisation_id == Organisation.id)
                                  & (VoteElector.vote_id == vote.id)).order_by(Organisation.name)))
    return frozen or list(db.session.scalars(select(Organisation).where(Organisation.status == "member")
                                             .order_by(Organisation.name)))


def did_not_vote(vote: Vote, ballots: list[Ballot], electorate: list[Organisation] | None = None) -> list[Organisation]:
    """The electorate's organisations without a ballot (one that joined during the vote is not listed)."""
    voted = {ballot.organisation_id for ballot in ballots}
    return [organisation for organisation in (electorate_of(vote) if electorate is None else electorate)
            if organisation.id not in voted]


def fill(panel: VotePanel, user, *, record: bool = True) -> VotePanel:
    """The ballots this reader may see and the forms they may use; with `record`, the tally, the ballots
    and the electorate too (the printed amendment). A page leaves those out: they are the vote's record,
    the same for every reader, kept as pieces (app/votes/standing.py)."""
    vote = panel.vote
    if vote is None:
        return panel
    panel.options = ranked.options_of(vote) if vote.method == "ranked" else []
    panel.show_tally = policy.can_see_tally(user, vote)
    panel.show_ballots = policy.can_see_ballots(user, vote)
    if record:
        fill_record(panel)
    if vote.status == "open" and policy.can_remind_voters(user, vote):
        panel.not_yet = panel.not_yet or did_not_vote(vote, ballots_of(vote))
        panel.can_remind = bool(panel.not_yet)
        again = reminders.next_reminder_at(vote) if panel.can_remind else None
        panel.next_reminder_at = again if again is not None and again > utcnow() else None
    if record or request.method != "GET":
        fill_own(panel, user)  # printed, or a ballot sent back with its mistakes: this request's own
    else:
        panel.own_kept = True  # the reader's own part of the page: app/votes/own_part.py
    if policy.can_extend_vote(user, vote):
        panel.extend_form = ExtendVoteForm()
    return panel


def fill_record(panel: VotePanel) -> None:
    """The tally, the ballots (when they may be seen), the electorate and who has not voted."""
    vote = panel.vote
    panel.tally = current_tally(vote)
    ballots = ballots_of(vote)
    panel.ballots = ballots if panel.show_ballots else []
    panel.electorate = electorate_of(vote)
    missing = did_not_vote(vote, ballots, panel.electorate)
    panel.abstainers = missing if vote.status == "closed" else []
    panel.not_yet = missing if vote.status == "open" else []
    panel.proxies = proxies.proxies_of_vote(vote) if panel.show_ballots else []


def fill_own(panel: VotePanel, user) -> None:
    """The reader's organisation's ballot, the proxy it gave, and the ballots it casts by proxy."""
    vote, organisation_id = panel.vote, getattr(user, "organisation_id", None)
    # Only those who may cast it are shown their organisation's ballot (with its form): no query for the others.
    if not organisation_id or not policy.can_cast_ballot(user, vote):
        return
    given, held = proxies.proxies_of_organisation(vote, organisation_id)
    ballots = proxies.ballots_of_organisations(vote, [organisation_id, *(proxy.giver_id for proxy in held)])
    panel.my_ballot, panel.my_proxy = ballots.get(organisation_id), given
    panel.ballot_form = ballot_form_for(vote, panel.my_ballot)
    if panel.my_ballot is None and policy.can_give_proxy(user, vote):
        panel.proxy_form = ProxyForm(vote, organisation_id)
    for proxy in held:
        ballot = ballots.get(proxy.giver_id)
        form = ballot_form_for(vote, ballot, prefix=f"proxy-{proxy.giver.slug}")
        panel.proxy_ballots.append((proxy.giver, ballot, form))


def ballot_form_for(vote: Vote, ballot: Ballot | None, prefix: str = ""):
    """The form of a ballot on this vote: for / against / abstain, or a rank per option; filled from `ballot`."""
    if vote.method != "ranked":
        return BallotForm(obj=ballot, prefix=prefix)
    return ranking_form(ranked.options_of(vote), ranking=ranked.decode(ballot.ranking) if ballot else None,
                        justification=ballot.justification if ballot else "", prefix=prefix)


def offer_to_open(panel: VotePanel) -> None:
    """The form to open the vote, once the discussion period is over (before, the service refuses it)."""
    if panel.discussion_ends_at is not None and utcnow() < panel.discussion_ends_at:
        panel.opens_later = True
    else:
        panel.open_form = OpenVoteForm()


def vote_panel(kind: str, subject, user, *, record: bool = False, sent_back: BallotForm | None = None) -> VotePanel:
    """The vote on a subject as this reader may see it, with the forms they may use (`record`: and the
    vote's record, for a printed page; a page's comes from app/votes/standing.py). `sent_back`: a ballot
    refused with its mistakes, shown in place of the reader's blank one with what they typed."""
    handler = kind_of(kind)
    panel = VotePanel(handler=handler, subject=subject, vote=current_vote_on(kind, subject.id),
                      discussion_ends_at=handler.discussion_ends_at(subject), words=handler.panel_words(subject),
                      can_be_opened=handler.can_be_opened(subject), requested_at=handler.requested_at(subject))
    if handler.can_request(user, subject):
        panel.request_url = panel.url("request_vote")
    if handler.can_open(user, subject):
        offer_to_open(panel)
    fill(panel, user, record=record)
    if sent_back is not None and panel.ballot_form is not None:
        panel.ballot_form = sent_back
    return panel
