"""The one-time code that protects the set-up page of an empty instance (issue 17.2).

Whoever reaches a fresh instance first could otherwise make themselves its facilitator. The code is printed
on the server's console (logged at WARNING) by the first request a process serves while the instance is not
set up, or by `flask setup-code`; only its SHA-256 is stored (100 random bits: a slow hash adds nothing), on
the collective's row so that every worker and host shares it. It is used up by the set-up itself, and lasts
VALID_FOR; a process that finds a valid code already stored says so instead of replacing it (several workers
start at once).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.collective.models import THE_ROW, Collective
from app.extensions import db

log = logging.getLogger("palabre.setup")

VALID_FOR = timedelta(hours=24)
# No 0/O, 1/I/L: the code is read on a console and typed by hand.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 20


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 5] for i in range(0, LENGTH, 5))


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def matches(code: str, *, now: datetime) -> bool:
    """Whether `code` is the stored, unexpired code (compared in constant time)."""
    row = db.session.execute(select(Collective.setup_code_hash, Collective.setup_code_at)
                             .where(Collective.id == THE_ROW)).first()
    if row is None or not row.setup_code_hash or row.setup_code_at is None or row.setup_code_at + VALID_FOR <= now:
        hmac.compare_digest(code_hash(code), code_hash("not the code"))  # the same work either way
        return False
    return hmac.compare_digest(row.setup_code_hash, code_hash(code))


def use(code: str, *, now: datetime) -> bool:
    """Use the code up, in the request's transaction, if it is the stored and unexpired one.

    One conditional UPDATE: of two set-ups sent at once with the code, the second waits for the first's row
    lock and then finds no code. A set-up refused afterwards is rolled back, and the code with it: it still works.
    """
    if not matches(code, now=now):
        return False
    used = db.session.execute(update(Collective).where(Collective.id == THE_ROW,
                                                       Collective.setup_code_hash == code_hash(code))
                              .values(setup_code_hash=None, setup_code_at=None))
    return used.rowcount == 1


def store(code: str, *, now: datetime) -> None:
    """Keep this code's hash (replacing any other), on its own short transaction."""
    values = {"setup_code_hash": code_hash(code), "setup_code_at": now}
    with db.engine.begin() as connection:
        done = connection.execute(update(Collective).where(Collective.id == THE_ROW).values(**values)).rowcount
        if not done:
            connection.execute(insert(Collective).values(id=THE_ROW, **values))


def has_valid_code(*, now: datetime) -> bool:
    with db.engine.connect() as connection:
        at = connection.scalar(select(Collective.setup_code_at).where(Collective.id == THE_ROW,
                                                                        Collective.setup_code_hash.is_not(None)))
    return at is not None and at + VALID_FOR > now


def announce(url: str, *, now: datetime) -> str | None:
    """Print a new code on the console, unless a valid one is stored already (another worker printed it)."""
    if has_valid_code(now=now):
        log.warning("This Palabre instance is not set up yet. Open %s and type the one-time code printed on the "
                    "console when it was first started (or run `flask setup-code` for a new one).", url)
        return None
    code = new_code()
    try:
        store(code, now=now)
    except IntegrityError:  # another worker stored one at the same moment: its code is the one printed
        return None
    log.warning("This Palabre instance is not set up yet. Open %s and type this one-time code: %s "
                "(it works once, for 24 hours; `flask setup-code` prints a new one).", url, code)
    return code
