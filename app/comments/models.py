"""Comments, their edit history, and where each thread stands in each version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.amendments.models import Amendment
from app.db_types import UTCDateTime, utcnow
from app.documents.models import Document, Version
from app.extensions import db
from app.applications.models import Application
from app.members.models import Organisation, Person


class Comment(db.Model):
    """A comment: a thread's first message (anchored) or a reply. Never deleted."""

    __tablename__ = "comment"
    # A comment is about a text (a version or an amendment of it) or about an application to join.
    __table_args__ = (
        CheckConstraint("document_id IS NOT NULL OR application_id IS NOT NULL", name="has_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    # Written on a version of the text, or on an amendment (as a whole or on its diff).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"), index=True)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"), index=True)
    clause_id: Mapped[str | None] = mapped_column(String(16))
    quote: Mapped[str | None] = mapped_column(Text)
    quote_prefix: Mapped[str] = mapped_column(Text, default="")
    quote_suffix: Mapped[str] = mapped_column(Text, default="")
    quote_offset: Mapped[int | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved (threads)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    document: Mapped[Document | None] = relationship()
    version: Mapped[Version | None] = relationship()
    amendment: Mapped[Amendment | None] = relationship()
    application: Mapped[Application | None] = relationship()
    author: Mapped[Person] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship()
    hidden_by: Mapped[Person | None] = relationship(foreign_keys=[hidden_by_id])
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id", viewonly=True)

    @property
    def is_thread(self) -> bool:
        return self.parent_id is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class CommentEdit(db.Model):
    """The body of a comment before an edit: every edit is kept and visible."""

    __tablename__ = "comment_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommentAnchor(db.Model):
    """Where a thread stands over a range of versions: its clause and passage, or outdated. Stored once.

    A row holds from version `from_number` of its document to `to_number` (the version before the one
    where the thread moved, was re-anchored or became outdated), or on while it still holds (`to_number`
    NULL). A new version then writes only for the threads of the clauses it changed (app/comments/carry.py).
    """

    __tablename__ = "comment_anchor"
    __table_args__ = (
        UniqueConstraint("comment_id", "from_number"),
        # The margin of a version: the rows of its document begun at or before it.
        Index("ix_comment_anchor_document_id_from_number", "document_id", "from_number", "clause_id"),
        CheckConstraint("to_number IS NULL OR to_number >= from_number", name="range_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    from_number: Mapped[int]
    to_number: Mapped[int | None]
    clause_id: Mapped[str | None] = mapped_column(String(16))
    quote_offset: Mapped[int | None]
    is_outdated: Mapped[bool] = mapped_column(default=False)

    comment: Mapped[Comment] = relationship()

    @classmethod
    def holds_in(cls, version: Version):
        """SQL: the row says where its thread stands in `version`."""
        return and_(cls.document_id == version.document_id, cls.from_number <= version.number,
                    or_(cls.to_number.is_(None), cls.to_number >= version.number))
