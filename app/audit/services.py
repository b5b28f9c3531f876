"""record(): the one writer of the record. Called by the services, one line each."""
from __future__ import annotations

import hashlib
import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEntry, RefusalRepeat
from app.db_types import utcnow
from app.documents.signals import version_created
from app.extensions import db
from app.members.models import Person
from app.record.chain import link_pending, mark_pending
from app.votes.models import Vote

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
    mark_pending(db.session)
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
            link_pending(connection)
    except Exception:  # noqa: BLE001 - logged, and the response goes out anyway
        log.exception("Could not record %s (%s)", kind, detail)


def refusal_window_start(now: datetime, minutes: int) -> datetime:
    """The start of the fixed window of `minutes` that `now` falls in (windows start on the hour)."""
    since_hour = now.minute * 60 + now.second + now.microsecond / 1e6
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minutes * int(since_hour // (minutes * 60)))


def refusal_key(*, actor_id: int | None, address: str | None, method: str, path: str) -> str:
    """The same attempt: the same person (or, for someone not logged in, the same client address), method, path."""
    who = f"person:{actor_id}" if actor_id is not None else f"address:{address or ''}"
    return hashlib.sha256(f"{who}\n{method}\n{path}".encode()).hexdigest()


def record_refusal(*, actor_id: int | None, organisation_id: int | None, method: str, path: str,
                   address: str | None = None, window_minutes: int = 10, now: datetime | None = None) -> None:
    """A refused attempt, written apart (its request is rolled back, status >= 400).

    The first of identical attempts within a window of `window_minutes` gets an entry; the next ones add
    to its counter (RefusalRepeat), so a flood of refusals writes one entry per window, not one per request.
    Never raises.
    """
    if _suspended.get():
        return
    now, path = now or utcnow(), path[:300]
    key = refusal_key(actor_id=actor_id, address=address, method=method, path=path)
    window = refusal_window_start(now, window_minutes)
    detail = {"method": method, "path": path}
    if actor_id is None and address:
        detail["from_address"] = address[:64]
    for attempt in (1, 2):
        try:
            with db.engine.begin() as connection:
                _count_refusal(connection, key=key, window=window, now=now, actor_id=actor_id,
                               organisation_id=organisation_id, detail=detail)
            return
        except IntegrityError:
            if attempt == 1:
                continue  # a concurrent first refusal of the same attempt won the insert: count into its entry
            log.exception("Could not record a refused attempt (%s)", detail)
        except Exception:  # noqa: BLE001 - logged, and the 403 goes out anyway
            log.exception("Could not record a refused attempt (%s)", detail)
            return


def _count_refusal(connection, *, key: str, window: datetime, now: datetime, actor_id: int | None,
                   organisation_id: int | None, detail: dict) -> None:
    repeats = RefusalRepeat.__table__
    counted = connection.execute(
        repeats.update().where(repeats.c.key == key, repeats.c.window_start == window)
        .values(count=repeats.c.count + 1, last_at=now))
    if counted.rowcount:
        return
    entry_id = connection.execute(AuditEntry.__table__.insert().values(
        at=now, actor_id=actor_id, organisation_id=organisation_id, kind="authorisation.refused", object_type="",
        object_id=None, document_id=None, public=False,
        detail_json=json.dumps(detail, ensure_ascii=False, sort_keys=True))).inserted_primary_key[0]
    connection.execute(repeats.insert().values(entry_id=entry_id, key=key, window_start=window, count=1, last_at=now))
    link_pending(connection)


def repeats_of(entries: list[AuditEntry]) -> dict[int, RefusalRepeat]:
    """entry id -> its counter, for the refused attempts among `entries` (one query)."""
    ids = [entry.id for entry in entries if entry.kind == "authorisation.refused"]
    if not ids:
        return {}
    return {repeat.entry_id: repeat for repeat in db.session.scalars(
        select(RefusalRepeat).where(RefusalRepeat.entry_id.in_(ids)))}


# Entries that would tell, while a secret vote is open, which organisation voted when (and so, read
# beside the number of ballots, how): shown without the person and the organisation until the close.
SEALED_KINDS = ("ballot.cast", "ballot.changed", "proxy.given", "proxy.revoked", "proxy.replaced")


def sealed_votes():
    """The ids of the secret votes still open, as a subquery."""
    return select(Vote.id).where(Vote.status == "open", Vote.secret_ballots.is_(True))


def is_sealed():
    """The SQL condition of an entry sealed until its secret vote closes."""
    return (AuditEntry.kind.in_(SEALED_KINDS) & (AuditEntry.object_type == "vote")
            & AuditEntry.object_id.in_(sealed_votes()))


def sealed_ids(found: list[AuditEntry]) -> set[int]:
    """Which of these entries are sealed (one query)."""
    return sealed_among((entry.id, entry.kind, entry.object_type) for entry in found)


def sealed_among(entries) -> set[int]:
    """The ids sealed among (id, kind, object type) triples: entries read as rows or as exported dicts."""
    candidates = [entry_id for entry_id, kind, object_type in entries if kind in SEALED_KINDS and object_type == "vote"]
    if not candidates:
        return set()
    return set(db.session.scalars(select(AuditEntry.id).where(AuditEntry.id.in_(candidates), is_sealed())))


def entries(*, include_private: bool, document_id: int | None = None, organisation_id: int | None = None,
            kind: str | None = None, page: int = 1, unseen_amendments=None) -> tuple[list[AuditEntry], int]:
    """One page of the record, newest first, and the number of matching entries.

    `unseen_amendments` (a query of amendment ids: drafts the reader may not see) leaves out the entries about
    them: the record is append-only, so a draft's title cannot be kept private by the entry's own flag.
    """
    query = select(AuditEntry)
    if not include_private:
        query = query.where(AuditEntry.public.is_(True))
    if unseen_amendments is not None:
        query = query.where(~and_(AuditEntry.object_type == "amendment", AuditEntry.object_id.in_(unseen_amendments)))
    if document_id is not None:
        query = query.where(AuditEntry.document_id == document_id)
    if organisation_id is not None:
        query = query.where(AuditEntry.organisation_id == organisation_id, ~is_sealed())
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
    version_created.connect(_version_created, weak=False)


def _version_created(version, previous_number: int | None = None, **_extra) -> None:
    if _suspended.get():
        return
    author = db.session.get(Person, version.author_id) if version.author_id else None
    record("version.created", version, by=author, organisation_id=version.organisation_id, now=version.created_at,
           number=version.number, amendment_id=version.amendment_id, sha256=version.sha256, chain=version.chain)
