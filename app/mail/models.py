"""The outbox of e-mails and each person's choice of which they get."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class OutboxMail(db.Model):
    """One e-mail to send; pending while sent_at is empty. A failure leaves it pending, with the error."""

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # What the mail is about ("vote:12"), so that a reminder goes once per person and vote.
    ref: Mapped[str] = mapped_column(String(64), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # Held for the person's daily digest rather than sent on its own.
    digest: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class MailPreference(db.Model):
    """Which kinds of e-mail a person turned off, and whether they want one digest a day instead."""

    __tablename__ = "mail_preference"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    # Space-separated kinds turned off; empty means every kind (the default).
    disabled_kinds: Mapped[str] = mapped_column(String(200), default="")
    digest: Mapped[bool] = mapped_column(default=False)

    @property
    def disabled(self) -> set[str]:
        return set((self.disabled_kinds or "").split())
