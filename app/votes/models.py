"""Votes, ballots, and the record of every cast and change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.amendments.models import Amendment
from app.db_types import UTCDateTime, utcnow
from app.documents.models import RulesMixin
from app.extensions import db
from app.members.application_models import Application
from app.members.models import Organisation, Person

CHOICES = ("for", "against", "abstain")
VOTE_STATUSES = ("open", "closed", "cancelled")
OUTCOMES = ("accepted", "rejected", "no_quorum")


class Vote(RulesMixin, db.Model):
    """A vote on an amendment. Its rules are a copy of the document's when it opened."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A vote is on an amendment or, for membership, on an application: exactly one of the two.
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # How many organisations were members when the vote opened: the quorum's denominator.
    eligible_count: Mapped[int]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    count_for: Mapped[int] = mapped_column(default=0)
    count_against: Mapped[int] = mapped_column(default=0)
    count_abstain: Mapped[int] = mapped_column(default=0)

    amendment: Mapped[Amendment | None] = relationship()
    application: Mapped[Application | None] = relationship()
    opened_by: Mapped[Person | None] = relationship()
    ballots: Mapped[list[Ballot]] = relationship(viewonly=True, order_by="Ballot.cast_at")


class Ballot(db.Model):
    """An organisation's ballot on a vote: exactly one, whoever of its delegates casts it."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("vote_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    choice: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text, default="")
    cast_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    cast_by: Mapped[Person] = relationship()


class BallotEvent(db.Model):
    """Every cast and change of a ballot, append-only: who chose what, when."""

    __tablename__ = "ballot_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    choice: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    person: Mapped[Person] = relationship()
