"""The record's hash chain: each entry is linked to the one before when its transaction commits.

An entry is inserted as the services write it (its content never changes); its link — its place
`seq`, the previous entry's hash `prev` and its own `hash` — is written once, as the last work
before COMMIT, under a lock that only the commit holds (like the page generation): two requests
writing entries at the same moment cannot fork the chain, and a request never waits for the lock
while holding anything another one needs. The database triggers (app/record/triggers.py) refuse
every other change: an entry may only go from unlinked to linked, nothing else in it may move.
"""
from __future__ import annotations

import json

from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.record.hashing import GENESIS, entry_fields, entry_hash

PENDING = "palabre_record_pending"
# Any fixed number: the key of PostgreSQL's advisory lock on the end of the chain.
LOCK_KEY = 7_311_803_418


def fields_of(row) -> dict:
    """What the hash of an entry (a row or an AuditEntry) covers."""
    return entry_fields(at=row.at, kind=row.kind, actor_id=row.actor_id, organisation_id=row.organisation_id,
                        object_type=row.object_type, object_id=row.object_id, document_id=row.document_id,
                        public=row.public, details=json.loads(row.detail_json or "{}"))


def mark_pending(session: Session) -> None:
    """This transaction added entries: link them when it commits."""
    session.info[PENDING] = True


def lock_the_end(connection: Connection) -> None:
    """Until this transaction ends, no one else links entries (SQLite: the write lock does it already)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def last_link(connection: Connection) -> tuple[int, str]:
    table = AuditEntry.__table__
    row = connection.execute(select(table.c.seq, table.c.hash).where(table.c.seq.is_not(None))
                             .order_by(table.c.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def link_pending(connection: Connection) -> int:
    """Link every entry not linked yet (in id order) after the last link; how many were linked."""
    table = AuditEntry.__table__
    lock_the_end(connection)
    seq, prev = last_link(connection)
    rows = connection.execute(select(table).where(table.c.seq.is_(None)).order_by(table.c.id)).all()
    for row in rows:
        seq, digest = seq + 1, entry_hash(prev, fields_of(row))
        connection.execute(table.update().where(table.c.id == row.id, table.c.seq.is_(None))
                           .values(seq=seq, prev=prev, hash=digest))
        prev = digest
    return len(rows)


@event.listens_for(Session, "before_commit")
def _link_at_commit(session: Session) -> None:
    if session.info.pop(PENDING, False):
        session.flush()
        link_pending(session.connection())


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
