"""Audit entries: written once, never updated nor deleted (enforced below)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

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
