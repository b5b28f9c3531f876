"""The database itself refuses UPDATE and DELETE on versions, ballot events, receipts and the record."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db
from app.votes import services as votes

REFUSED = [
    "UPDATE version SET markdown = 'autre chose'",
    "DELETE FROM version",
    "UPDATE ballot_event SET choice = 'against'",
    "DELETE FROM ballot_event",
    "UPDATE audit_entry SET detail_json = '{}'",
    "UPDATE audit_entry SET seq = seq + 100, hash = prev",
    "DELETE FROM audit_entry",
]


@pytest.fixture
def written(amendment, people):
    """A version, a ballot event and linked entries of the record, committed."""
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    record("test.entry", by=people["facilitator"], note="écrit")
    db.session.commit()


@pytest.mark.parametrize("statement", REFUSED)
def test_a_direct_write_to_the_record_is_refused_by_the_database(written, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()


def test_emptying_a_table_at_once_is_refused_too(written):
    """PostgreSQL's TRUNCATE; SQLite's equivalent is a DELETE without WHERE (its truncate optimisation)."""
    postgresql = db.engine.dialect.name == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("TRUNCATE audit_entry CASCADE" if postgresql else "DELETE FROM audit_entry"))
    db.session.rollback()


def test_an_entry_is_linked_once_at_commit_and_its_receipt_never_changes(written, people):
    entry = record("test.another", by=people["facilitator"])
    assert entry.seq is None  # linked when its transaction commits
    db.session.commit()
    db.session.refresh(entry)
    assert entry.seq is not None and entry.hash
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE audit_entry SET seq = NULL WHERE id = :id"), {"id": entry.id})
    db.session.rollback()
