"""Closing votes at their deadline without a background worker: lazily, when read, or from cron."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.votes.models import Vote
from app.votes.services import close_vote, due_votes


@contextmanager
def write_transaction():
    """Make the next transaction take SQLite's write lock up front (see app/database.py)."""
    flagged = has_app_context()
    if flagged:
        g.sqlite_write = True
    try:
        yield
    finally:
        if flagged:
            g.pop("sqlite_write", None)


def next_deadline() -> datetime | None:
    """When the next open vote closes: until then, closing what is due has nothing to do."""
    return db.session.scalar(select(func.min(Vote.closes_at)).where(Vote.status == "open"))


# Asked by every page of votes and amendments, nearly always to find nothing: its statement is built once.
ANY_DUE = (select(Vote.id)
           .where(Vote.status == "open", Vote.closes_at <= bindparam("now", type_=Vote.closes_at.type))
           .limit(1))


def close_due_votes(now: datetime) -> int:
    """Close every vote past its deadline, in deadline order then by id; commit on its own.

    Every due vote of the instance, not only the one of the page read: which of two amendments on
    the same clause is merged first must follow their deadlines, not who opened which page first.
    This is its own unit of work, committed here and not with the page that triggered it:
    a reader's request must not keep a stale snapshot while it writes (SQLite cannot upgrade
    such a read to a write), and the closing must stand even if the page then fails.
    """
    if db.session.scalar(ANY_DUE, {"now": now}) is None:
        return 0
    db.session.rollback()
    with write_transaction():
        try:
            closed = sum(close_vote(vote, now=now) for vote in due_votes(now))
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return closed
