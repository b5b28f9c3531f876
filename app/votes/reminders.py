"""Reminders, from cron: the delegates of organisations that have not voted, on votes closing within 24 hours.

Once per person and vote (the outbox row's `ref` remembers it); the mail goes through the person's choices.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from app import policy
from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import queue_for
from app.members.models import Organisation, Person
from app.votes.models import Ballot, Vote, VoteElector
from app.votes.notices import VOTE_CLOSING
from app.votes.subjects import about

REMINDER_WINDOW = timedelta(hours=24)


def delegates_not_reminded(vote: Vote, ref: str) -> list[Person]:
    """Active delegates of the vote's electorate whose organisation has no ballot yet, not yet reminded."""
    return list(db.session.scalars(
        select(Person).join(Organisation, Person.organisation_id == Organisation.id)
        .where(policy.electorate_condition(vote, Organisation, VoteElector),
               Person.is_delegate.is_(True), Person.is_active_account.is_(True),
               ~exists().where(Ballot.vote_id == vote.id, Ballot.organisation_id == Person.organisation_id),
               ~exists().where(OutboxMail.person_id == Person.id, OutboxMail.kind == VOTE_CLOSING.name,
                               OutboxMail.ref == ref))
        .order_by(Person.id)))


def queue_vote_reminders(now: datetime) -> int:
    """Queue the reminders due now; how many were queued."""
    queued = 0
    closing = db.session.scalars(select(Vote).where(Vote.status == "open", Vote.closes_at > now,
                                                    Vote.closes_at <= now + REMINDER_WINDOW).order_by(Vote.id))
    for vote in closing:
        subject = about(vote)
        if subject is None:
            continue
        ref = f"vote:{vote.id}"
        params = {"title": subject.title, "closes_at": vote.closes_at.isoformat()}
        for person in delegates_not_reminded(vote, ref):
            queued += queue_for(person, kind=VOTE_CLOSING, params=params, url=subject.url + "#vote", now=now,
                                ref=ref) is not None
    db.session.flush()
    return queued
