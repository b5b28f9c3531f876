"""The minutes of a closed vote: what a secretary files with the association's records.

Subject, rules in force, electorate, each organisation's ballot and justification (only the
counts for secret ballots), proxies, tally, outcome and what the outcome produced — gathered once
here for the page (votes/minutes.html) and its Markdown (votes/minutes.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEntry
from app.extensions import db
from app.members.models import Organisation, Person
from app.votes import proxies, ranked
from app.votes.models import Ballot, Vote
from app.votes.panel import ballots_of, did_not_vote, electorate_of
from app.votes.services import current_tally
from app.votes.subjects import About, about, handler_of
from app.votes.tally import Tally


@dataclass
class Minutes:
    vote: Vote
    subject: About
    scope: str
    tally: Tally
    electorate: list[Organisation]
    ballots: list[Ballot]  # empty for secret ballots
    did_not_vote: list[Organisation]
    proxies_used: int
    proxies: list[tuple[str, str]]  # (giver, holder) names, public ballots only
    produced: str | None
    opened_by: Person | None
    changes: list[AuditEntry]  # closed early, extended
    options: list = field(default_factory=list)  # a ranked vote's options (its count is the tally's)


def proxy_pairs(vote: Vote, ballots: list[Ballot]) -> list[tuple[str, str]]:
    """Proxies still held at the close, and those used (which became ballots cast by proxy)."""
    pairs = [(ballot.organisation.name, ballot.proxy_holder.name) for ballot in ballots if ballot.proxy_holder]
    used = {giver for giver, _holder in pairs}
    pairs += [(proxy.giver.name, proxy.holder.name) for proxy in proxies.proxies_of_vote(vote)
              if proxy.giver.name not in used]
    return pairs


def deadline_changes(vote: Vote) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "vote", AuditEntry.object_id == vote.id,
        AuditEntry.kind.in_(("vote.closed_early", "vote.extended"))).order_by(AuditEntry.id)))


def minutes_of(vote: Vote) -> Minutes:
    """The minutes of a closed vote (the caller checks it is closed)."""
    ballots = ballots_of(vote)
    secret = vote.secret_ballots
    subject = about(vote)
    return Minutes(
        vote=vote, subject=subject, scope=handler_of(vote).scope(subject.subject), tally=current_tally(vote),
        electorate=electorate_of(vote), ballots=[] if secret else ballots, did_not_vote=did_not_vote(vote, ballots),
        proxies_used=sum(1 for ballot in ballots if ballot.proxy_holder_id is not None),
        proxies=[] if secret else proxy_pairs(vote, ballots),
        produced=handler_of(vote).produced(subject.subject),
        opened_by=db.session.get(Person, vote.opened_by_id) if vote.opened_by_id else None,
        changes=deadline_changes(vote), options=ranked.options_of(vote) if vote.method == "ranked" else [])


def closed_vote(vote_id: int) -> Vote | None:
    return db.session.scalar(select(Vote).where(Vote.id == vote_id, Vote.status == "closed")
                             .options(joinedload(Vote.opened_by)))
