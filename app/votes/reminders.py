"""Reminders to the delegates of organisations that have not voted: from cron, on votes closing within
24 hours (once per person and vote: the outbox row's `ref` remembers it), and when a facilitator asks
("remind them", at most once every REMIND_EVERY per vote: the record's entries say when it last was).
Each goes through the person's e-mail choices, in their language.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from flask_babel import gettext as _

from app import policy
from app.audit.models import AuditEntry
from app.audit.services import record as audit
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import queue_for
from app.members.models import Organisation, Person
from app.votes.models import Ballot, Vote, VoteElector
from app.notifications.services import notify
from app.templating import readable_time
from app.votes.notices import VOTE_CLOSING, VOTE_REMINDED
from app.votes.subjects import about, handler_of, subject_of

REMINDER_WINDOW = timedelta(hours=24)
REMIND_EVERY = timedelta(hours=12)  # a facilitator's "remind them": no more often, per vote


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


def last_reminded(vote: Vote) -> datetime | None:
    """When a facilitator last reminded this vote's late delegates (None: never)."""
    return db.session.scalar(select(AuditEntry.at).where(
        AuditEntry.kind == "vote.reminded", AuditEntry.object_type == "vote", AuditEntry.object_id == vote.id)
        .order_by(AuditEntry.at.desc()).limit(1))


def next_reminder_at(vote: Vote) -> datetime | None:
    """From when "remind them" may be used again (None: now)."""
    last = last_reminded(vote)
    return None if last is None else last + REMIND_EVERY


def late_delegates(vote: Vote) -> list[Person]:
    """Active delegates of the electorate's organisations that have no ballot yet."""
    return list(db.session.scalars(
        select(Person).join(Organisation, Person.organisation_id == Organisation.id)
        .where(policy.electorate_condition(vote, Organisation, VoteElector),
               Person.is_delegate.is_(True), Person.is_active_account.is_(True),
               ~exists().where(Ballot.vote_id == vote.id, Ballot.organisation_id == Person.organisation_id))
        .order_by(Person.id)))


def remind_late_voters(vote: Vote, *, by: Person, now: datetime) -> int:
    """A facilitator reminds the delegates of the organisations that have not voted (app and e-mail), recorded."""
    if not policy.can_remind_voters(by, vote):
        raise NotAllowed(_("Only a facilitator can send a reminder, while the vote is open."), code="not_allowed")
    if now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    again = next_reminder_at(vote)
    if again is not None and now < again:
        raise Conflict(_("The delegates were reminded less than %(hours)d hours ago: the next reminder can go "
                         "from %(when)s.", hours=REMIND_EVERY.seconds // 3600 + REMIND_EVERY.days * 24,
                         when=readable_time(again)), code="reminded_recently")
    subject = about(vote)
    people = late_delegates(vote)
    params = {"title": subject.title, "closes_at": vote.closes_at.isoformat()}
    told = notify(people, kind=VOTE_REMINDED, params=params, url=subject.url + "#vote", now=now)
    organisations = sorted({person.organisation.name for person in people})
    audit("vote.reminded", vote, by=by, now=now, document_id=handler_of(vote).document_id(subject_of(vote)),
          organisations=organisations, delegates=told)
    return told
