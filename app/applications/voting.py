"""A membership application's vote, by its usual names: the vote engine's, with "application" as the subject."""
from __future__ import annotations

from datetime import datetime

from app.applications.models import Application
from app.members.models import Person
from app.votes.models import Vote
from app.votes.services import current_vote_on, open_vote_on


def application_vote(application: Application) -> Vote | None:
    """The latest vote on an application, if any."""
    return current_vote_on("application", application.id)


def open_membership_vote(application: Application, *, by: Person, now: datetime,
                         closes_at: datetime | None = None) -> Vote:
    """Open the vote on a pending application, copying the membership rules in force."""
    return open_vote_on("application", application, by=by, now=now, closes_at=closes_at)
