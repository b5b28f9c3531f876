"""Membership votes: the same ballots and tally as amendments, on an application, under the collective's rules."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record as audit
from app.errors import Conflict, Invalid
from app.extensions import db
from app.members.application_models import Application
from app.members.applications import membership_rules
from app.members.models import Person
from app.notifications.services import app_path
from app.votes.models import Vote
from app.votes.notify import tell_delegates_membership_vote_opened
from app.votes.services import member_count


def application_vote(application: Application) -> Vote | None:
    """The latest vote on an application, if any."""
    return db.session.scalar(
        select(Vote).where(Vote.application_id == application.id).order_by(Vote.id.desc()).limit(1))


def discussion_ends_at(application: Application) -> datetime:
    return application.submitted_at + timedelta(days=membership_rules().discussion_days)


def open_membership_vote(application: Application, *, by: Person, now: datetime,
                         closes_at: datetime | None = None) -> Vote:
    """Open the vote on a pending application, copying the membership rules in force."""
    if application.status != "pending":
        raise Conflict(_("Only a pending application can be put to the vote."), code="not_pending")
    if application.contact_confirmed_at is None:
        raise Conflict(_("The contact of this application has not confirmed their e-mail address yet: the vote "
                         "can open once they have followed the link e-mailed to them."), code="contact_not_confirmed")
    if now < discussion_ends_at(application):
        raise Conflict(_("The minimum discussion period has not passed yet."), code="discussion_period")
    rules = membership_rules()
    default_close = now + timedelta(days=rules.voting_days)
    if closes_at is not None and closes_at < default_close:
        raise Invalid(_("The vote cannot close earlier than the rules allow."), code="closes_too_early")
    vote = Vote(
        application_id=application.id, status="open", opens_at=now, closes_at=closes_at or default_close,
        opened_by_id=by.id, eligible_count=member_count(), quorum=rules.quorum, threshold=rules.threshold,
        discussion_days=rules.discussion_days, voting_days=rules.voting_days, secret_ballots=rules.secret_ballots,
    )
    db.session.add(vote)
    application.status = "voting"
    db.session.flush()
    audit("vote.opened", vote, by=by, now=now, application_id=application.id, organisation=application.organisation.name)
    tell_delegates_membership_vote_opened(
        application, now=now, url=app_path("applications.show", application_id=application.id) + "#vote")
    return vote
