"""Loading amendments for pages and the API, in a constant number of queries."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.amendments.models import OPEN_STATUSES, STATUSES, Amendment, AmendmentEvent
from app.documents.models import Document
from app.errors import NotFound
from app.extensions import db


def get_amendment(amendment_id: int) -> Amendment:
    """The amendment, or 404."""
    amendment = db.session.scalar(
        select(Amendment).where(Amendment.id == amendment_id).options(
            joinedload(Amendment.author), joinedload(Amendment.organisation),
            joinedload(Amendment.document), joinedload(Amendment.base_version),
        )
    )
    if amendment is None:
        raise NotFound(_("There is no amendment number %(n)d.", n=amendment_id), code="amendment_not_found")
    return amendment


def amendments_query(*, visible, document: Document | None = None, status: str | None = None) -> Select:
    """Amendments, newest first, of those `visible` keeps (policy.amendment_visibility: drafts only for their
    author or facilitators)."""
    query = select(Amendment).options(
        joinedload(Amendment.author), joinedload(Amendment.organisation), joinedload(Amendment.document),
        joinedload(Amendment.base_version),
    ).order_by(Amendment.created_at.desc(), Amendment.id.desc())
    if document is not None:
        query = query.where(Amendment.document_id == document.id)
    if status in STATUSES:
        query = query.where(Amendment.status == status)
    elif status == "open":
        query = query.where(Amendment.status.in_(OPEN_STATUSES))
    return query.where(visible)


def open_amendments_of(document: Document) -> list[Amendment]:
    """Amendments not yet decided (drafts excluded): the clause indicators and competition."""
    return list(db.session.scalars(
        select(Amendment).where(
            Amendment.document_id == document.id,
            Amendment.status.in_(("discussion", "voting", "needs_update")),
        ).order_by(Amendment.id)
    ))


def competing(amendment: Amendment) -> list[Amendment]:
    """Other open amendments of the same document that touch the same clauses."""
    mine = set(amendment.changed_clauses)
    return [other for other in open_amendments_of(amendment.document)
            if other.id != amendment.id and mine & set(other.changed_clauses)]


def amendments_by_clause(document: Document) -> dict[str, list[Amendment]]:
    """For the document page: which open amendments touch each clause."""
    touching: dict[str, list[Amendment]] = {}
    for amendment in open_amendments_of(document):
        for clause_id in amendment.changed_clauses:
            touching.setdefault(clause_id, []).append(amendment)
    return touching


def events_of(amendment: Amendment) -> list[AmendmentEvent]:
    """The state changes of an amendment, oldest first, with who made them."""
    return list(db.session.scalars(
        select(AmendmentEvent).where(AmendmentEvent.amendment_id == amendment.id)
        .options(joinedload(AmendmentEvent.by)).order_by(AmendmentEvent.id)
    ))
