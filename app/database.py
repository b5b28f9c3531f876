"""Engine tuning and the one commit of each request."""
from __future__ import annotations

from contextlib import contextmanager

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db


def _sqlite_pragmas(busy_timeout_ms: int):
    def install(dbapi_connection, _record) -> None:
        # WAL lets readers work while one writer commits; the busy timeout makes a writer
        # wait for the lock instead of failing at once with "database is locked" (should the
        # wait ever run out, app/errors.py answers 503 with a sentence, never a 500).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    return install


def _sqlite_manual_transactions(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event decide how each transaction starts (see below).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is
    # locked" when another writer got there first (the busy timeout cannot help). Requests
    # that may write take the write lock up front and wait their turn instead; reads stay
    # deferred so they never block anyone under WAL.
    # After a 503 for a lock that never came (app/errors.py), the error page only reads.
    reading = has_request_context() and (
        g.get("sqlite_busy") or g.get("sqlite_reading")
        or (request.method in ("GET", "HEAD", "OPTIONS") and not g.get("sqlite_write")))
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


@contextmanager
def reading_first():
    """A slow read of a request that writes afterwards (a password check: ~100 ms of scrypt) in a deferred
    transaction, ended before the writes: it no longer holds SQLite's write lock, which delayed every other
    writer while people logged in. Only when nothing is pending yet: what is read is read again afterwards."""
    if db.session.new or db.session.dirty or db.session.deleted:
        yield
        return
    db.session.rollback()
    g.sqlite_reading = True
    try:
        yield
    finally:
        g.sqlite_reading = False
        db.session.rollback()


def init_app(app: Flask) -> None:
    """Install the SQLite pragmas and the per-request commit."""
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 15_000)))
            event.listen(engine, "connect", _sqlite_manual_transactions)
            event.listen(engine, "begin", _sqlite_begin)

    @app.after_request
    def commit_session(response: Response) -> Response:
        # One commit per request, here: views and services only flush.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response


def made_on(dialect_name: str):
    """Alembic's `include_object` for an engine: what the models make on one engine only (an index's
    `ddl_if`, which autogenerate does not read) is compared with the database on that engine only."""
    def include(object_, _name, _type, reflected: bool, _compare_to) -> bool:
        only = getattr(object_, "_ddl_if", None)
        return reflected or only is None or only.dialect in (None, dialect_name)
    return include
