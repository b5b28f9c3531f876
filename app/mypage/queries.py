"""What waits for a person: ballots their organisation has not cast, replies, news of what they follow, drafts."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.amendments.models import Amendment
from app.extensions import db
from app.members.models import Person
from app.notifications.models import Notification
from app.votes import queries as vote_queries
from app.watches import services as watch_services

LIMIT = 10


@dataclass
class Waiting:
    """Everything the page lists; empty lists when nothing waits."""

    ballots: list = field(default_factory=list)
    replies: list = field(default_factory=list)
    news: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    following: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.ballots or self.replies or self.news or self.drafts)


def ballots_waiting(person: Person) -> list:
    """Open votes this delegate may cast and their organisation has not: soonest deadline first."""
    if not person.is_delegate or person.organisation is None:
        return []
    cast = vote_queries.ballots_of_organisation(person.organisation)
    return [vote for vote in vote_queries.open_votes() if policy.can_cast_ballot(person, vote) and vote.id not in cast]


def unread(person: Person, kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.person_id == person.id, Notification.kind == kind, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(LIMIT)))


def drafts_of(person: Person) -> list[Amendment]:
    return list(db.session.scalars(select(Amendment).where(Amendment.author_id == person.id,
                                                           Amendment.status.in_(("draft", "needs_update")))
                                   .options(joinedload(Amendment.document)).order_by(Amendment.updated_at.desc())))


def waiting_for(person: Person, *, with_following: bool = True) -> Waiting:
    """What the page shows to `person`."""
    following = list(db.session.scalars(watch_services.watches_of(person).limit(50))) if with_following else []
    return Waiting(ballots=ballots_waiting(person), replies=unread(person, "reply"), news=unread(person, "followed"),
                   drafts=drafts_of(person), following=following)
