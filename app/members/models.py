"""Organisations and people."""
from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db

ORGANISATION_STATUSES = ("member", "candidate", "former")


class Organisation(db.Model):
    """A member (or candidate, or former member) organisation: the unit that votes."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="member")
    website: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    joined_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    left_on: Mapped[date | None]
    # Public: shown on the organisation's page once it has left or been moved to former.
    left_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    people: Mapped[list[Person]] = relationship(back_populates="organisation", order_by="Person.name")
    services: Mapped[list[Service]] = relationship(
        back_populates="organisation", order_by="Service.position", cascade="all, delete-orphan")
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="organisation", order_by="Signature.version_number.desc()")

    @property
    def is_member(self) -> bool:
        return self.status == "member"

    @property
    def delegates(self) -> list[Person]:
        return [p for p in self.people if p.is_delegate and p.is_active]

    @property
    def signature(self) -> Signature | None:
        """The signature of the most recent charter version it signed, if any."""
        return self.signatures[0] if self.signatures else None

    @property
    def signed_charter_version(self) -> int | None:
        return self.signature.version_number if self.signature else None

    @property
    def signed_charter_sha256(self) -> str | None:
        return self.signature.version_sha256 if self.signature else None


class Service(db.Model):
    """Something an organisation offers (file sharing, pads…), shown in the directory."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))

    organisation: Mapped[Organisation] = relationship(back_populates="services")


class Signature(db.Model):
    """An organisation's signature of one version of the charter, by one of its delegates."""

    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("organisation_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    version_number: Mapped[int]
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # The SHA-256 of the exact text signed (the version's Markdown), stored when signing.
    version_sha256: Mapped[str | None] = mapped_column(String(64))

    organisation: Mapped[Organisation] = relationship(back_populates="signatures")
    signed_by: Mapped[Person | None] = relationship()


class Person(UserMixin, db.Model):
    """Someone who logs in. Never deleted: deactivation keeps every trace of what they did."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased by every service that writes it: unique case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    is_delegate: Mapped[bool] = mapped_column(default=False)
    is_facilitator: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(8), default="fr")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Changing the password bumps this, which invalidates remember-me cookies and sessions.
    session_version: Mapped[int] = mapped_column(default=1)
    # API tokens issued before the last password change are refused.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor authentication (TOTP, RFC 6238): the shared secret (base32) sealed with PALABRE_TOTP_KEYS
    # (app/auth/sealing.py), in force once confirmed; the last time step accepted, so that a code is never
    # accepted twice.
    totp_sealed_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None]

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_account

    # The key of the log-in session this object was loaded for (app/auth/sessions.py), never stored here.
    session_key = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}:{self.session_key or ''}"

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_sealed_secret)

    @property
    def is_member(self) -> bool:
        """Belongs to an organisation that is currently a member."""
        return self.organisation is not None and self.organisation.is_member

    @property
    def roles(self) -> list[str]:
        roles = []
        if self.organisation is not None:
            roles.append("member" if self.is_member else self.organisation.status)
        if self.is_delegate and self.is_member:
            roles.append("delegate")
        if self.is_facilitator:
            roles.append("facilitator")
        return roles
