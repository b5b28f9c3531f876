"""Documents, their immutable versions and the clauses of each version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db
from app.members.models import Organisation, Person


class RulesMixin:
    """Voting rules: kept on a document, and copied onto each vote when it opens."""

    quorum: Mapped[float] = mapped_column(default=0.5)
    threshold: Mapped[float] = mapped_column(default=0.5)
    discussion_days: Mapped[float] = mapped_column(default=7.0)
    voting_days: Mapped[float] = mapped_column(default=7.0)
    secret_ballots: Mapped[bool] = mapped_column(default=False)
    # How many other organisations' proxies one organisation may hold on a vote (0: no proxies).
    proxies_per_holder: Mapped[int] = mapped_column(default=1, server_default="1")


class Document(RulesMixin, db.Model):
    """A founding text (charter, manifesto…). Its head moves only by compare-and-set."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    head_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[Version]] = relationship(
        back_populates="document", order_by="Version.number", viewonly=True
    )


class Version(db.Model):
    """One immutable state of a document. Never updated, never deleted."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    number: Mapped[int]
    markdown: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # Set when an accepted amendment produced this version.
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    clauses_added: Mapped[int] = mapped_column(default=0)
    clauses_changed: Mapped[int] = mapped_column(default=0)
    clauses_removed: Mapped[int] = mapped_column(default=0)
    # Stored at write time (app/record/hashing.py): SHA-256 of the Markdown, and the chain over the previous
    # version's chain, this hash, the amendment and the vote that adopted it. No foreign key on vote_id: an
    # archive restores its votes after its versions.
    sha256: Mapped[str | None] = mapped_column(String(64))
    chain: Mapped[str | None] = mapped_column(String(64))
    vote_id: Mapped[int | None]

    document: Mapped[Document] = relationship(back_populates="versions")
    author: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    clauses: Mapped[list[VersionClause]] = relationship(
        order_by="VersionClause.position", viewonly=True
    )


class RenderedClause(db.Model):
    """The sanitised HTML of one clause source, rendered once and shared by every version."""

    __tablename__ = "rendered_clause"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)


class VersionClause(db.Model):
    """A clause as it stands in one version, with its stable id and who last changed it."""

    __tablename__ = "version_clause"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        UniqueConstraint("version_id", "clause_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    position: Mapped[int]
    clause_id: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    depth: Mapped[int] = mapped_column(default=0)
    rendered_id: Mapped[int] = mapped_column(ForeignKey("rendered_clause.id"))
    # The version number in which this clause last changed (blame, clause history).
    changed_in: Mapped[int]

    rendered: Mapped[RenderedClause] = relationship(lazy="joined")

    @property
    def source(self) -> str:
        return self.rendered.source

    @property
    def text(self) -> str:
        return self.rendered.source.strip()

    @property
    def html(self) -> str:
        return self.rendered.html


class ImmutableRowError(RuntimeError):
    """Raised when code tries to change or delete a version, a clause or a rendering."""


IMMUTABLE_MODELS = (Version, VersionClause, RenderedClause)


def _refuse_change(_mapper, _connection, target) -> None:
    # before_update also fires for rows marked dirty without a real column change.
    session = object_session(target)
    if session is None or session.is_modified(target, include_collections=False):
        raise ImmutableRowError(f"{type(target).__name__} rows are immutable: create a new version instead.")


def _refuse_delete(_mapper, _connection, target) -> None:
    raise ImmutableRowError(f"{type(target).__name__} rows are never deleted.")


def _refuse_bulk_writes(state) -> None:
    # update()/delete() statements bypass the mapper events above.
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in IMMUTABLE_MODELS for mapper in state.all_mappers
    ):
        raise ImmutableRowError("Bulk UPDATE or DELETE of versions and clauses is refused.")


for _model in IMMUTABLE_MODELS:
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_delete)
event.listen(Session, "do_orm_execute", _refuse_bulk_writes)
