"""Lifting the append-only triggers (app/record/triggers.py) for a moment, as the database's owner can.

For tests only: to tamper with the record and see `flask verify` catch it, or to undo a request's
writes as a rollback would (tests/hardening/world.py). The triggers are back when the block ends.
"""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text

from app.record import triggers


@contextmanager
def triggers_lifted(connection):
    """Inside one transaction of `connection`: PostgreSQL disables them, SQLite drops and re-creates them."""
    postgresql = connection.dialect.name == "postgresql"
    for table in triggers.APPEND_ONLY:
        if postgresql:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_update"))
            connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_delete"))
    yield connection
    if postgresql:
        for table in triggers.APPEND_ONLY:
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    else:
        triggers.install(connection)
