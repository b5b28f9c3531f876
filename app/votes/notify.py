"""Telling the delegates of a vote's electorate that it is open."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import policy
from app.extensions import db
from app.members.models import Organisation, Person
from app.notifications.services import notify
from app.votes.models import Vote, VoteElector
from app.votes.notices import VOTE_OPENED


def member_delegates() -> list[Person]:
    return list(db.session.scalars(
        select(Person).join(Organisation, Person.organisation_id == Organisation.id)
        .where(Organisation.status == "member", Person.is_delegate.is_(True), Person.is_active_account.is_(True))
    ))


def electorate_delegates(vote: Vote) -> list[Person]:
    """The active delegates of the organisations that may vote."""
    return list(db.session.scalars(
        select(Person).join(Organisation, Person.organisation_id == Organisation.id)
        .where(policy.electorate_condition(vote, Organisation, VoteElector),
               Person.is_delegate.is_(True), Person.is_active_account.is_(True)).order_by(Person.id)
    ))


def tell_electorate(vote: Vote, *, kind: str, params: dict, url: str, now: datetime) -> int:
    """Each delegate of the electorate hears that a vote is open (in the app, and by e-mail if they wish)."""
    return notify(electorate_delegates(vote), kind=kind, params=params, url=url, now=now)


def tell_delegates_vote_opened(amendment, *, url: str, now: datetime) -> int:
    """Every member organisation's delegates hear of a vote on an amendment (kept for callers outside the engine)."""
    return notify(member_delegates(), kind=VOTE_OPENED, params={"title": amendment.title}, url=url, now=now)
