"""Bump the generation in every transaction that wrote, on any connection of the engine.

Hooked on the engine rather than the ORM session so that nothing escapes it: ORM flushes,
bulk INSERT … ON CONFLICT, the compare-and-set of a document's head, the lazy closing of
votes in its own transaction, and the command-line tools. The bump is the last statement
before COMMIT, so a transaction holds the row's lock only while it commits (it never waits
for anything else while holding it: no deadlock).
"""
from __future__ import annotations

import re

from flask import g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app.caching.models import Generation

WROTE = "palabre_wrote"
MIGRATING = "palabre_migrating"  # set by migrations/env.py: the table may not exist yet
WRITE = re.compile(r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)
# Tables no kept page shows: writing only to them leaves every page as it was (a refused
# attempt recorded in the log, an e-mail marked sent after the request).
# Nor do the log-in sessions, API tokens, reset links and recovery codes (when each was last used, above all).
QUIET_TABLES = frozenset({"audit_entry", "outbox_mail", "mail_preference", "account_session", "api_token",
                          "password_reset", "recovery_code"})
# The same statement on SQLite and PostgreSQL; the row is made by the first write.
BUMP = ("INSERT INTO generation (id, value) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET value = generation.value + 1")


def install(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _bump_if_wrote)
    event.listen(engine, "rollback", _forget)
    for name in ("after_commit", "after_rollback"):
        if not event.contains(Session, name, _forget_seen):
            event.listen(Session, name, _forget_seen)


CURRENT = "SELECT value FROM generation WHERE id = 1"
# Built once: every page asks, and building the statement cost as much as running it.
CURRENT_VALUE = select(Generation.value).where(Generation.id == 1)


def current(session: Session) -> int:
    """The generation as this transaction sees it (0 before the first write)."""
    return session.scalar(CURRENT_VALUE) or 0


def seen(session: Session) -> int:
    """The generation, read once per transaction of the request: the visitor cache, the kept pieces and the
    collective's identity all ask, and one query answers them (a commit or rollback forgets it)."""
    if not has_app_context():
        return current(session)
    if "generation_seen" not in g:
        g.generation_seen = current(session)
    return g.generation_seen


def _forget_seen(_session) -> None:
    if has_app_context():
        g.pop("generation_seen", None)


def _note_write(conn: Connection, _cursor, statement: str, _params, _context, _many) -> None:
    match = WRITE.match(statement)
    if match and match.group(1).lower() not in QUIET_TABLES:
        conn.info[WROTE] = True


def _bump_if_wrote(conn: Connection) -> None:
    if conn.info.pop(WROTE, False) and not conn.info.get(MIGRATING):
        # Straight on the DBAPI connection: this runs inside SQLAlchemy's own commit.
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute(BUMP)
        finally:
            cursor.close()


def _forget(conn: Connection) -> None:
    conn.info.pop(WROTE, None)
