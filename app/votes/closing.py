"""Closing votes at their deadline without a background worker: lazily, when read, or from cron."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from flask import current_app, g, has_app_context
from sqlalchemy import bindparam, func, select

from app.caching import generation
from app.extensions import db
from app.votes.models import Vote
from app.votes.services import close_vote, due_votes

# (generation, the next deadline of an open vote as that generation saw it), per app.
DEADLINE = "palabre_next_deadline"


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


def possibly_due(now: datetime) -> bool:
    """Whether an open vote may be past its deadline: nothing is, while nothing was written since the next
    deadline was read (the generation answers, read once per request for the kept pieces anyway) and that
    deadline is still ahead. What this transaction wrote and has not committed yet, the votes are asked."""
    session = db.session
    if session.new or session.dirty or session.deleted or session.connection().info.get(generation.WROTE):
        return session.scalar(ANY_DUE, {"now": now}) is not None
    seen = generation.seen(session)
    known = current_app.extensions.get(DEADLINE)
    if known is None or known[0] != seen:
        known = current_app.extensions[DEADLINE] = (seen, next_deadline())
    return known[1] is not None and known[1] <= now


def close_due_votes(now: datetime) -> int:
    """Close every vote past its deadline, in deadline order then by id; commit on its own.

    Every due vote of the instance, not only the one of the page read: which of two amendments on
    the same clause is merged first must follow their deadlines, not who opened which page first.
    This is its own unit of work, committed here and not with the page that triggered it:
    a reader's request must not keep a stale snapshot while it writes (SQLite cannot upgrade
    such a read to a write), and the closing must stand even if the page then fails.
    """
    if not possibly_due(now):
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
