"""Reading the directory and an organisation's page."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.amendments.models import Amendment
from app.extensions import db
from app.members.models import Organisation, Service
from app.votes.models import Ballot, Vote

STATUSES = ("member", "candidate", "former")


def directory(service: str | None = None) -> dict[str, list[Organisation]]:
    """Organisations by status, with their services and signatures; only those offering `service` if given."""
    query = select(Organisation).options(selectinload(Organisation.services), selectinload(Organisation.signatures))
    if service:
        query = query.where(Organisation.services.any(Service.name == service))
    organisations = db.session.scalars(query.order_by(Organisation.name)).all()
    return {status: [o for o in organisations if o.status == status] for status in STATUSES}


def amendments_of(organisation: Organisation) -> list[Amendment]:
    """The amendments its people proposed (drafts stay private)."""
    return list(db.session.scalars(
        select(Amendment).where(Amendment.organisation_id == organisation.id, Amendment.status != "draft")
        .options(joinedload(Amendment.document)).order_by(Amendment.id.desc())
    ))


def public_ballots_of(organisation: Organisation) -> list[tuple[Ballot, Vote]]:
    """Its ballots with their votes, except those still secret (secret-ballot votes not yet closed)."""
    return list(db.session.execute(
        select(Ballot, Vote).join(Vote, Ballot.vote_id == Vote.id)
        .where(Ballot.organisation_id == organisation.id)
        .where((Vote.secret_ballots.is_(False)) | (Vote.status == "closed"))
        .order_by(Ballot.cast_at.desc())
    ).tuples())
