"""Votes, their frozen electorate, proxies, ballots, and the record of every cast and change.

A vote knows no subject by name: it carries a subject kind ("amendment", "application",
"version", "variants") and an id, and each kind of subject tells the engine what it needs through
app/votes/subjects.py. So a new kind of decision needs a new subject, not a third copy of votes.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from app.db_types import UTCDateTime, utcnow
from app.documents.models import RulesMixin
from app.extensions import db
from app.members.models import Organisation, Person

CHOICES = ("for", "against", "abstain")
# A ranked ballot's `choice`: what it says is in `ranking` (app/votes/ranked.py).
RANKED_CHOICE = "ranked"
METHODS = ("approval", "ranked")
VOTE_STATUSES = ("open", "closed", "cancelled")
OUTCOMES = ("accepted", "rejected", "no_quorum")


class Vote(RulesMixin, db.Model):
    """A vote on one subject. Its rules are a copy of the subject's when it opened."""

    __tablename__ = "vote"
    __table_args__ = (Index("ix_vote_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int]
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
    # "approval" (for / against / abstain) or "ranked" (the options ranked, counted by the Schulze method).
    method: Mapped[str] = mapped_column(String(16), default="approval", server_default="approval")
    # A ranked vote's whole count when it closed (app/votes/schulze.py: Count.as_json()), as JSON.
    result_json: Mapped[str | None] = mapped_column(Text)

    opened_by: Mapped[Person | None] = relationship()
    ballots: Mapped[list[Ballot]] = relationship(viewonly=True, order_by="Ballot.cast_at")
    electors: Mapped[list[VoteElector]] = relationship(viewonly=True, lazy="selectin",
                                                       order_by="VoteElector.id")

    @property
    def elector_ids(self) -> frozenset[int] | None:
        """The organisations that may vote; None for a vote opened before electorates were kept."""
        if "electors" not in self.__dict__:  # not loaded (a page's one vote): their ids alone, not 150 objects
            ids = object_session(self).scalars(select(VoteElector.organisation_id)
                                               .where(VoteElector.vote_id == self.id)).all()
            return frozenset(ids) if ids else None
        return frozenset(elector.organisation_id for elector in self.electors) if self.electors else None


class VoteElector(db.Model):
    """One member organisation of a vote's electorate, as it stood when the vote opened."""

    __tablename__ = "vote_elector"
    __table_args__ = (UniqueConstraint("vote_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))

    organisation: Mapped[Organisation] = relationship()


class VoteProxy(db.Model):
    """A proxy ("pouvoir"): organisation `giver` lets `holder`'s delegates cast its ballot on one vote."""

    __tablename__ = "vote_proxy"
    __table_args__ = (UniqueConstraint("vote_id", "giver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    holder_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    given_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)

    giver: Mapped[Organisation] = relationship(foreign_keys=[giver_id])
    holder: Mapped[Organisation] = relationship(foreign_keys=[holder_id])


class Ballot(db.Model):
    """An organisation's ballot on a vote: exactly one, whoever of its delegates (or its proxy's) casts it."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("vote_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    choice: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text, default="")
    cast_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The organisation holding this organisation's proxy, when one of its delegates cast the ballot.
    proxy_holder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # A ranked ballot's tiers of option keys, best first, as canonical JSON (None for an approval ballot).
    ranking: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    proxy_holder: Mapped[Organisation | None] = relationship(foreign_keys=[proxy_holder_id])
    cast_by: Mapped[Person] = relationship()


class BallotEvent(db.Model):
    """Every cast and change of a ballot, append-only: who chose what, when (and for whom, by proxy)."""

    __tablename__ = "ballot_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    choice: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    proxy_holder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    ranking: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    person: Mapped[Person] = relationship()
