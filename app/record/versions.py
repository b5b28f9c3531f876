"""The hashes of a new version, computed once when it is written (never on a visitor's page)."""
from __future__ import annotations

from sqlalchemy import select

from app.documents.models import Version
from app.extensions import db
from app.record.hashing import text_sha256, version_chain
from app.votes.models import Vote


def adopting_vote_id(amendment_id: int | None) -> int | None:
    """The vote that adopted an amendment: its latest closed vote whose outcome is "accepted"."""
    if amendment_id is None:
        return None
    return db.session.scalar(select(Vote.id).where(Vote.subject_kind == "amendment", Vote.subject_id == amendment_id,
                                                   Vote.status == "closed",
                                                   Vote.outcome == "accepted").order_by(Vote.id.desc()).limit(1))


def previous_chain(document_id: int, number: int) -> str | None:
    if number < 1:
        return None
    return db.session.scalar(select(Version.chain).where(Version.document_id == document_id, Version.number == number))


def hashes_for(document_id: int, base: int, markdown: str, amendment_id: int | None,
               vote_id: int | None) -> dict:
    """sha256, chain and vote_id of version base + 1, as the Version's column values."""
    digest = text_sha256(markdown)
    return {"sha256": digest, "vote_id": vote_id,
            "chain": version_chain(previous_chain(document_id, base), digest, amendment_id, vote_id)}
