"""Applications to join the collective, and the membership rules their votes follow."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.documents.models import RulesMixin
from app.extensions import db
from app.members.models import Organisation, Person

APPLICATION_STATUSES = ("pending", "voting", "accepted", "rejected")


class Application(db.Model):
    """A candidate organisation's application: members discuss it, then vote on it."""

    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    # The contact as the application typed it. Their account is made only when they open the link e-mailed to
    # that address (app/members/confirmation.py), so applying tells nobody whether an address is registered.
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_language: Mapped[str] = mapped_column(String(8), default="fr")
    contact_password_hash: Mapped[str | None] = mapped_column(String(255))  # moved to the account, then cleared
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    motivation: Mapped[str] = mapped_column(Text, default="")
    has_read_charter: Mapped[bool] = mapped_column(default=False)
    charter_version: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the contact followed the link e-mailed to them; the vote cannot open before.
    contact_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    contact: Mapped[Person | None] = relationship()

    @property
    def contact_shown_name(self) -> str:
        """The contact's name: their account's once it exists (they may have changed it), else as typed."""
        return self.contact.name if self.contact is not None else self.contact_name

    @classmethod
    def of_account(cls, contact: Person, **columns) -> "Application":
        """An application whose contact already has their account (the demo, tests, imports of old archives)."""
        return cls(contact=contact, contact_name=contact.name, contact_email=contact.email,
                   contact_language=contact.language or "fr", **columns)


class MembershipRules(RulesMixin, db.Model):
    """The collective's rules for membership votes: a single row, set by a facilitator."""

    __tablename__ = "membership_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50), default="membership")
