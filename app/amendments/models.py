"""Amendments and the revisions of their text."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.documents.models import Document, Version
from app.extensions import db
from app.members.models import Organisation, Person

STATUSES = ("draft", "discussion", "voting", "accepted", "rejected", "withdrawn", "needs_update", "not_retained")
OPEN_STATUSES = ("draft", "discussion", "voting", "needs_update")


class Amendment(db.Model):
    """A proposed change to a document: the full proposed text against a base version."""

    __tablename__ = "amendment"
    # SQLite: every column the list, the margin and a merge's check read (migration 0019). The text is no longer
    # in the row (amendment_text, migration 0028), but the index still spares the table a walk through the rationales.
    # PostgreSQL keeps long texts out of line already, and refuses an index entry over 8 KB (the changed clauses
    # of an amendment rewriting 700 of them): there the open amendments of a text are found by a narrow index.
    __table_args__ = (Index("ix_amendment_listing", "document_id", "status", "id", "changed_clauses_json",
                            "target_clause_id", "created_at", "author_id", "organisation_id", "title",
                            "checked_number").ddl_if(dialect="sqlite"),
                      Index("ix_amendment_open", "document_id", "status", "id").ddl_if(dialect="postgresql"))

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    base_version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    title: Mapped[str] = mapped_column(String(200))
    rationale: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # The clause the author started from ("propose a change to this clause"), if any.
    target_clause_id: Mapped[str | None] = mapped_column(String(16))
    # Ids of the base clauses this amendment changes, as JSON: competing amendments and
    # the per-clause indicator on the document page read it without recomputing diffs.
    changed_clauses_json: Mapped[str] = mapped_column(Text, default="[]")
    # The latest version this text is known to apply to (checked when written, then by each
    # merge): a merge re-checks in full only the amendments not known to apply to the version
    # before it. None: never checked (rows older than the column).
    checked_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    merged_version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"))
    # Set when the author asks for a vote; a facilitator confirms by opening it.
    vote_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The random key of the form that sent it: the same form sent again gives this amendment back, not a copy.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    document: Mapped[Document] = relationship()
    base_version: Mapped[Version] = relationship(foreign_keys=[base_version_id])
    merged_version: Mapped[Version | None] = relationship(foreign_keys=[merged_version_id])
    author: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    revisions: Mapped[list[AmendmentRevision]] = relationship(
        order_by="AmendmentRevision.number", viewonly=True
    )
    # The whole proposed text (330 KB in a congress) lives in a row of its own, read only when used: a state
    # change, a decision or a merge's mark rewrites this row, and SQLite rewrites a row whole, text included.
    text_row: Mapped[AmendmentText | None] = relationship(cascade="all, delete-orphan", lazy="select")
    # Read and written as before (`amendment.markdown`, `Amendment(markdown=...)`): the text row is made on
    # the first write. Queries that need the text join AmendmentText, or load text_row with them.
    markdown: AssociationProxy[str] = association_proxy(
        "text_row", "markdown", creator=lambda markdown: AmendmentText(markdown=markdown))

    @property
    def changed_clauses(self) -> list[str]:
        return json.loads(self.changed_clauses_json or "[]")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AmendmentText(db.Model):
    """An amendment's whole proposed text, apart from its row (see Amendment.text_row)."""

    __tablename__ = "amendment_text"

    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), primary_key=True)
    markdown: Mapped[str] = mapped_column(Text)


class AmendmentRevision(db.Model):
    """One state of an amendment's text and rationale; a new one at every edit."""

    __tablename__ = "amendment_revision"
    __table_args__ = (UniqueConstraint("amendment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    rationale: Mapped[str] = mapped_column(Text)
    markdown: Mapped[str] = mapped_column(Text)
    base_version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Person] = relationship()
    base_version: Mapped[Version] = relationship()


class AmendmentEvent(db.Model):
    """A state change of an amendment: who moved it from what to what, when, and why."""

    __tablename__ = "amendment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[Person | None] = relationship()
