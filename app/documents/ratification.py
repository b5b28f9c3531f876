"""Ratifying a whole version as the text in force: the final vote of an assembly on the text as amended.

Which version is in force: the latest version whose ratification vote was adopted; a document never
put to ratification has its head in force, as before (organisations sign that one).
"""
from __future__ import annotations

from sqlalchemy import select

from app.documents.models import Document, Version
from app.extensions import db
from app.votes.models import Vote


def ratified_number(document: Document) -> int | None:
    """The number of the latest version of `document` adopted by a ratification vote, if any."""
    return db.session.scalar(
        select(Version.number).join(Vote, (Vote.subject_kind == "version") & (Vote.subject_id == Version.id))
        .where(Version.document_id == document.id, Vote.status == "closed", Vote.outcome == "accepted")
        .order_by(Version.number.desc()).limit(1))


def version_in_force(document: Document) -> int | None:
    """The version organisations are asked to sign: the ratified one, else the head."""
    return ratified_number(document) or document.head_number or None
