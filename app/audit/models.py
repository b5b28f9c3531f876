"""Audit entries: written once, never updated nor deleted (enforced below)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class AppendOnly(RuntimeError):
    """Raised by any attempt to change or remove a row of the record."""


class AuditEntry(db.Model):
    """Who did what, for which organisation, to which object, when (UTC); public or not."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(48), index=True)
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[int | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    public: Mapped[bool] = mapped_column(default=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    # The link in the hash chain, written once when the entry's transaction commits (app/record/chain.py):
    # its place in the chain, the previous entry's hash and its own (hashing.entry_hash).
    seq: Mapped[int | None] = mapped_column(unique=True, index=True)
    prev: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    actor = relationship("Person")


class RefusalRepeat(db.Model):
    """How often one refused attempt (same person or client address, same method and path) came back
    within its window of time: a counter kept beside its entry, so that a flood of refusals is one entry.

    The entry itself (who, what, when first) is written once and never changed, like every entry. Only
    this counter moves, and only up (count + 1, last_at = now): it says how many times, not what
    happened, so keeping it current cannot rewrite nor hide anything the record says.
    """

    __tablename__ = "refusal_repeat"
    __table_args__ = (UniqueConstraint("key", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"), unique=True)
    # A digest of who (person or client address), method and path: the same attempt, whatever its text.
    key: Mapped[str] = mapped_column(String(64))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(default=1)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _refuse(_mapper, _connection, target) -> None:
    raise AppendOnly(f"audit entry {target.id} cannot be changed or deleted: the record is append-only.")


event.listen(AuditEntry, "before_update", _refuse)
event.listen(AuditEntry, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state) -> None:
    """update(AuditEntry) / delete(AuditEntry) statements are refused too."""
    if (state.is_update or state.is_delete) and any(
            mapper.class_ is AuditEntry for mapper in state.all_mappers):
        raise AppendOnly("the record is append-only: no UPDATE or DELETE of audit entries.")
