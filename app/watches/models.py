"""What each person follows. A clause is followed by its stable id, so the follow holds in later versions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.applications.models import Application
from app.db_types import UTCDateTime, utcnow
from app.documents.models import Document
from app.extensions import db


class Watch(db.Model):
    """One person following one thing: a document, one of its clauses, an amendment, or an application to join."""

    __tablename__ = "watch"
    # `target` ("document:3", "clause:3:c1a2b3", "amendment:12", "application:4") makes the pair unique on both engines
    # (a UNIQUE over nullable columns would let PostgreSQL keep duplicates).
    __table_args__ = (UniqueConstraint("person_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    target: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    clause_id: Mapped[str | None] = mapped_column(String(16))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document | None] = relationship(lazy="joined")
    application: Mapped[Application | None] = relationship()

    @property
    def target_document_slug(self) -> str | None:
        return self.document.slug if self.document else None

    @property
    def kind(self) -> str:
        return self.target.split(":", 1)[0]
