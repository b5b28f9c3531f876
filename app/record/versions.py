"""The hashes of a new version, computed once when it is written (never on a visitor's page)."""
from __future__ import annotations

from sqlalchemy import select

from app.documents.models import Version
from app.extensions import db
from app.record.hashing import text_sha256, version_chain
from app.variants.models import VariantSet
from app.votes.models import Vote


def adopting_vote_id(amendment_id: int | None) -> int | None:
    """The vote that adopted an amendment: its latest closed vote whose outcome is "accepted", on the amendment
    alone or on a set of competing amendments that adopted it (a ranked vote)."""
    if amendment_id is None:
        return None
    alone = select(Vote.id).where(Vote.subject_kind == "amendment", Vote.subject_id == amendment_id)
    among = select(Vote.id).join(VariantSet, (Vote.subject_kind == "variants") & (Vote.subject_id == VariantSet.id)) \
        .where(VariantSet.adopted_amendment_id == amendment_id)
    found = [db.session.scalar(query.where(Vote.status == "closed", Vote.outcome == "accepted")
                               .order_by(Vote.id.desc()).limit(1)) for query in (alone, among)]
    return max((vote_id for vote_id in found if vote_id is not None), default=None)


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
