"""Log-in sessions kept on the server: each log-in of each browser is a row that the cookies name.

The session and remember-me cookies are signed, so on their own they could not be taken back; each names a
row here by a random key (only its hash is stored). A row ends when its person logs out, ends it from the
account page, changes or resets the password, or is deactivated; it also ends by itself after SESSION_DAYS,
or SESSION_IDLE_DAYS without a visit (ASVS 5.0, V7.3). When each row was last seen is written at most once
every few minutes, on a short connection of its own after the response, so that reading pages writes
nothing in their own transaction.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from app.auth.models import AccountSession, ApiToken
from app.auth.services import end_session_rows, hash_secret, token_is_good
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person

SEEN_EVERY = timedelta(minutes=5)  # (SESSION_SEEN_MINUTES may say otherwise)


def client_of_request() -> tuple[str, str]:
    """The browser or program (its User-Agent, shortened) and address of this request."""
    agent = " ".join((request.user_agent.string or "").split())[:200]
    return agent, (request.remote_addr or "")[:64]


BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"), ("curl/", "curl"), ("python-requests/", "Python"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("Linux", "Linux"))


def describe_client(agent: str) -> str:
    """“Firefox, Linux” from a User-Agent, for a person to recognise their devices; else the string itself."""
    browser = next((name for mark, name in BROWSERS if mark in agent), "")
    system = next((name for mark, name in SYSTEMS if mark in agent), "")
    return ", ".join(part for part in (browser, system) if part) or agent[:80]


def open_session(person: Person, *, method: str, remember: bool, now: datetime) -> AccountSession:
    """A new session row for this person, its key kept on the person object for the cookies (get_id)."""
    key = secrets.token_urlsafe(32)
    client, address = client_of_request()
    row = AccountSession(key_hash=hash_secret(key), person_id=person.id, method=method, remember=remember,
                         created_at=now, last_seen_at=now, client=client, address=address,
                         expires_at=now + timedelta(days=current_app.config["SESSION_DAYS"]))
    db.session.add(row)
    db.session.flush()
    person.session_key = key
    return row


def is_live(row: AccountSession | None, *, now: datetime) -> bool:
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return False
    return now - row.last_seen_at < timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


# The person of a session and its row, with their organisation (every page asks whether they are a
# member): one query for every page a logged-in person opens, its statement built once.
PERSON_AND_SESSION = (
    select(Person, AccountSession).join(AccountSession, AccountSession.person_id == Person.id)
    .where(Person.id == bindparam("person_id"), AccountSession.key_hash == bindparam("key_hash"))
    .options(joinedload(Person.organisation)))


def find_live(person_id: int, key: str, *, now: datetime) -> tuple[Person, AccountSession] | None:
    """The person and the live row of this key, or None."""
    found = db.session.execute(PERSON_AND_SESSION,
                               {"person_id": person_id, "key_hash": hash_secret(key)}).first()
    if found is None or not is_live(found[1], now=now):
        return None
    return found[0], found[1]


def live_sessions(person: Person, *, now: datetime) -> list[AccountSession]:
    rows = db.session.scalars(select(AccountSession).where(
        AccountSession.person_id == person.id, AccountSession.ended_at.is_(None), AccountSession.expires_at > now)
        .order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc()))
    return [row for row in rows if is_live(row, now=now)]


def end_session(row: AccountSession, *, now: datetime) -> None:
    row.ended_at = row.ended_at or now
    db.session.flush()


def end_sessions_of(person: Person, *, now: datetime, keep: AccountSession | None = None) -> None:
    """Every session of this person ends, but `keep` (the one asking) if given; the cookies stay good for `keep`."""
    end_session_rows(person, now=now, keep=keep)


def current_session() -> AccountSession | None:
    """The session row of this request's logged-in person (set by the user loader)."""
    if not current_user.is_authenticated:  # (loads the person, and so the row, if not done yet)
        return None
    return g.get("account_session")


def live_tokens(person: Person, *, now: datetime) -> list[ApiToken]:
    rows = db.session.scalars(select(ApiToken).where(ApiToken.person_id == person.id, ApiToken.revoked_at.is_(None))
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [row for row in rows if token_is_good(row, now=now)]


def note_seen(row: AccountSession | ApiToken, *, now: datetime) -> None:
    """Ask for the row's last visit to be written after the response, when the last one is a few minutes old."""
    if not has_request_context():
        return
    seen = row.last_seen_at if isinstance(row, AccountSession) else row.last_used_at
    every = timedelta(minutes=current_app.config.get("SESSION_SEEN_MINUTES", SEEN_EVERY.total_seconds() / 60))
    if seen is None or now - seen >= every:
        g.setdefault("seen_rows", []).append((type(row), row.id, client_of_request()[1]))


def write_seen(app, rows: list, now: datetime) -> None:
    """Runs once the response is closed: one short transaction of its own. Never raises."""
    try:
        with app.app_context(), db.engine.begin() as connection:
            for model, row_id, address in rows:
                if model is AccountSession:
                    values = {"last_seen_at": now}
                else:
                    values = {"last_used_at": now, "last_address": address}
                connection.execute(update(model.__table__).where(model.__table__.c.id == row_id).values(**values))
    except Exception:  # noqa: BLE001 - a visit not noted is no reason to fail anything
        app.logger.warning("Could not note when sessions or tokens were last used", exc_info=True)


def init_app(app) -> None:
    @app.after_request
    def write_seen_after_response(response):
        rows = g.pop("seen_rows", None)
        if rows:
            application = current_app._get_current_object()
            response.call_on_close(lambda: write_seen(application, rows, utcnow()))
        return response
