"""Loading amendments for pages and the API, in a constant number of queries."""
from __future__ import annotations

import json

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select, true
from sqlalchemy.orm import joinedload

from app.amendments.models import OPEN_STATUSES, STATUSES, Amendment, AmendmentEvent, AmendmentRevision
from app.documents.models import Document, Version
from app.members.models import Person
from app.errors import NotFound
from app.extensions import db


def get_amendment(amendment_id: int, *, light: bool = False) -> Amendment:
    """The amendment, or 404. `light`: without its text nor its base version's (330 KB each in a
    congress), loaded only if read: its page keeps its changes as a piece."""
    base = joinedload(Amendment.base_version)
    options = [joinedload(Amendment.author), joinedload(Amendment.organisation), joinedload(Amendment.document),
               base.defer(Version.markdown) if light else base]
    amendment = db.session.scalar(select(Amendment).where(Amendment.id == amendment_id).options(*options))
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


WAITING = ("discussion", "voting", "needs_update")


def waiting_rows(document: Document) -> list:
    """(id, title, status, changed_clauses_json) of the amendments not yet decided (drafts
    excluded), oldest first: the clause indicators and competition. Light rows from the
    covering index (ix_amendment_listing): a congress has 2,000, each with the whole text."""
    # No ORDER BY: SQLite would rather walk the document's index in id order, through the rows.
    rows = db.session.execute(
        select(Amendment.id, Amendment.title, Amendment.status, Amendment.changed_clauses_json)
        .where(Amendment.document_id == document.id, Amendment.status.in_(WAITING)))
    return sorted(rows, key=lambda row: row.id)


# Past this many clauses, the database is not asked to narrow the candidates down (one LIKE per clause: an
# amendment rewriting 1,000 clauses made an expression SQLite refuses); each row is then tested here.
NARROWED_UP_TO = 100


def naming_any_of(clause_ids: set[str]):
    """A condition met by the amendment rows whose JSON list of changed clauses may name one of these."""
    if len(clause_ids) > NARROWED_UP_TO:
        return true()
    return or_(*(Amendment.changed_clauses_json.contains(f'"{clause_id}"', autoescape=True)
                 for clause_id in sorted(clause_ids)))


def competing(amendment) -> list:
    """(id, status, title, author's name, changed clauses) of the other open amendments of the same document that touch the
    same clauses, by id; `amendment` is any row with its id, document id and changed_clauses_json.

    The database finds the candidates from the covering index, without reading any text (each
    changed clause id, quoted, in their JSON list); the exact test is made here on those few."""
    mine = set(json.loads(amendment.changed_clauses_json or "[]"))
    if not mine:
        return []
    rows = db.session.execute(
        select(Amendment.id, Amendment.status, Amendment.title, Person.name.label("author_name"),
               Amendment.changed_clauses_json)
        .join(Person, Person.id == Amendment.author_id)
        .where(Amendment.document_id == amendment.document_id, Amendment.status.in_(WAITING),
               Amendment.id != amendment.id, naming_any_of(mine)))
    return sorted((row for row in rows if mine & set(json.loads(row.changed_clauses_json))), key=lambda row: row.id)


def amendments_by_clause(document: Document) -> dict[str, list]:
    """For the document page: which open amendments (light rows: id, title) touch each clause."""
    touching: dict[str, list] = {}
    for row in waiting_rows(document):
        for clause_id in json.loads(row.changed_clauses_json or "[]"):
            touching.setdefault(clause_id, []).append(row)
    return touching


def events_of(amendment_id: int) -> list:
    """(created_at, to_status, note, the name of who made it) of each state change of an amendment, oldest first."""
    return list(db.session.execute(
        select(AmendmentEvent.created_at, AmendmentEvent.to_status, AmendmentEvent.note, Person.name.label("by_name"))
        .outerjoin(Person, Person.id == AmendmentEvent.by_id)
        .where(AmendmentEvent.amendment_id == amendment_id).order_by(AmendmentEvent.id)))


def revision_lines(amendment_id: int) -> list:
    """(number, created_at, author's name, base version's number) of each revision of its text, without the texts."""
    return list(db.session.execute(
        select(AmendmentRevision.number, AmendmentRevision.created_at, Person.name.label("author_name"),
               Version.number.label("base_number"))
        .join(Person, Person.id == AmendmentRevision.author_id)
        .join(Version, Version.id == AmendmentRevision.base_version_id)
        .where(AmendmentRevision.amendment_id == amendment_id).order_by(AmendmentRevision.number)))
