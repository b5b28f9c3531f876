"""Telling the delegates of every member organisation that a vote is open."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.amendments.models import Amendment
from app.extensions import db
from app.members.application_models import Application
from app.members.models import Organisation, Person
from app.notifications.services import notify


def member_delegates() -> list[Person]:
    return list(db.session.scalars(
        select(Person).join(Organisation, Person.organisation_id == Organisation.id)
        .where(Organisation.status == "member", Person.is_delegate.is_(True), Person.is_active_account.is_(True))
    ))


def tell_delegates(*, kind: str, params: dict, url: str, now: datetime) -> int:
    return notify(member_delegates(), kind=kind, params=params, url=url, now=now)


def tell_delegates_vote_opened(amendment: Amendment, *, url: str, now: datetime) -> int:
    return notify(member_delegates(), kind="vote_opened", params={"title": amendment.title}, url=url, now=now)


def tell_delegates_membership_vote_opened(application: Application, *, url: str, now: datetime) -> int:
    """The same delegates hear that an application to join is put to the vote."""
    return notify(member_delegates(), kind="membership_vote_opened",
                  params={"name": application.organisation.name}, url=url, now=now)
