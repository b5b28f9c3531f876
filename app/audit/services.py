"""record(): the one writer of the record. Called by the services, one line each."""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.db_types import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

# Off while an archive is imported: its own record is restored as exported, not written again.
_suspended: ContextVar[bool] = ContextVar("audit_suspended", default=False)

PAGE_SIZE = 50


@contextmanager
def suspended():
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def document_id_of(obj) -> int | None:
    """The document an object belongs to, for filtering the record by document."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Document":
        return obj.id
    if getattr(obj, "document_id", None) is not None:
        return obj.document_id
    amendment = getattr(obj, "amendment", None)
    return getattr(amendment, "document_id", None)


def record(kind: str, obj=None, *, by=None, organisation_id: int | None = None, document_id: int | None = None,
           public: bool = True, now: datetime | None = None, **detail) -> AuditEntry | None:
    """Add one entry to the record (flushed with the caller's unit of work)."""
    if _suspended.get():
        return None
    if organisation_id is None and by is not None:
        organisation_id = by.organisation_id
    entry = AuditEntry(
        at=now or utcnow(), actor_id=by.id if by is not None else None, organisation_id=organisation_id,
        kind=kind, object_type=obj.__tablename__ if obj is not None else "", object_id=getattr(obj, "id", None),
        document_id=document_id if document_id is not None else document_id_of(obj), public=public,
        detail_json=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_apart(kind: str, *, actor_id: int | None, organisation_id: int | None, public: bool, **detail) -> None:
    """An entry written on its own short connection, whatever becomes of the request's transaction.

    Never raises: what the person asked for must not fail because the record could not be written.
    """
    if _suspended.get():
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(AuditEntry.__table__.insert().values(
                at=utcnow(), actor_id=actor_id, organisation_id=organisation_id, kind=kind, object_type="",
                object_id=None, document_id=None, public=public,
                detail_json=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
    except Exception:  # noqa: BLE001 - logged, and the response goes out anyway
        log.exception("Could not record %s (%s)", kind, detail)


def record_refusal(*, actor_id: int | None, organisation_id: int | None, method: str, path: str) -> None:
    """A refused attempt: its request is rolled back (status >= 400), so it is written apart."""
    record_apart("authorisation.refused", actor_id=actor_id, organisation_id=organisation_id, public=False,
                 method=method, path=path[:300])


def entries(*, include_private: bool, document_id: int | None = None, organisation_id: int | None = None,
            kind: str | None = None, page: int = 1) -> tuple[list[AuditEntry], int]:
    """One page of the record, newest first, and the number of matching entries."""
    query = select(AuditEntry)
    if not include_private:
        query = query.where(AuditEntry.public.is_(True))
    if document_id is not None:
        query = query.where(AuditEntry.document_id == document_id)
    if organisation_id is not None:
        query = query.where(AuditEntry.organisation_id == organisation_id)
    if kind:
        query = query.where(AuditEntry.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total


def kinds(*, include_private: bool) -> list[str]:
    query = select(AuditEntry.kind).distinct().order_by(AuditEntry.kind)
    if not include_private:
        query = query.where(AuditEntry.public.is_(True))
    return list(db.session.scalars(query))


def connect() -> None:
    """Listen to the signals other capabilities send."""
    from app.documents.signals import version_created

    version_created.connect(_version_created, weak=False)


def _version_created(version, previous_number: int | None = None, **_extra) -> None:
    if _suspended.get():
        return
    from app.members.models import Person

    author = db.session.get(Person, version.author_id) if version.author_id else None
    record("version.created", version, by=author, organisation_id=version.organisation_id, now=version.created_at,
           number=version.number, amendment_id=version.amendment_id)
