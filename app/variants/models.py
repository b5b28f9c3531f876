"""A set of competing amendments put to one ranked vote, with *keep the current text* as an option.

The set is the vote's subject (kind "variants"): its options are its amendments, in the order they
were proposed, and the current text, keyed "a<id>" and "current" (API.md).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.amendments.models import Amendment
from app.db_types import UTCDateTime, utcnow
from app.documents.models import Document
from app.extensions import db
from app.members.models import Person

CURRENT = "current"


def option_key(amendment_id: int) -> str:
    return f"a{amendment_id}"


class VariantSet(db.Model):
    """Competing amendments of one document, changing overlapping clauses, decided together."""

    __tablename__ = "variant_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The amendment the closed vote adopted (then merged), if any: the version it made names the vote.
    adopted_amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"))

    document: Mapped[Document] = relationship()
    created_by: Mapped[Person] = relationship()
    members: Mapped[list[VariantMember]] = relationship(order_by="VariantMember.amendment_id", lazy="selectin",
                                                        viewonly=True)

    @property
    def amendments(self) -> list[Amendment]:
        return [member.amendment for member in self.members]

    @property
    def keys(self) -> list[str]:
        """The options' keys: the amendments in the order they were proposed, then the current text."""
        return [option_key(member.amendment_id) for member in self.members] + [CURRENT]


class VariantMember(db.Model):
    """One amendment of a set."""

    __tablename__ = "variant_member"
    __table_args__ = (UniqueConstraint("variant_set_id", "amendment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_set_id: Mapped[int] = mapped_column(ForeignKey("variant_set.id"), index=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)

    amendment: Mapped[Amendment] = relationship(lazy="joined")
