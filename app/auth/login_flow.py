"""The steps of a log-in, whatever proved the first factor (a password, the single sign-on provider).

A person with two-factor authentication is not logged in after the first factor: the session only holds who
is half-way (for a few minutes), and the two-factor page finishes. Finishing starts a fresh session (nothing
of the anonymous one is kept but the language: a new CSRF token, no fixation) with its own row
(app/auth/sessions.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import redirect, session, url_for
from flask_login import login_user

from app.auth import sessions
from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person
from app.urls import safe_next

PENDING = "half_logged_in"
PENDING_FOR = timedelta(minutes=5)


def fresh_session() -> None:
    """Forget everything of the session before this log-in but the language chosen."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def finish(person: Person, *, method: str, remember: bool) -> None:
    """Log this person in: a new session row, and the cookies that name it."""
    fresh_session()
    sessions.open_session(person, method=method, remember=remember, now=utcnow())
    login_user(person, remember=remember)


def begin(person: Person, *, method: str, remember: bool, next_url: str | None):
    """After the first factor: logged in, or sent to the two-factor page when the person has turned it on."""
    target = safe_next(next_url or "", url_for("main.home"))
    if not person.has_second_factor:
        finish(person, method=method, remember=remember)
        return redirect(target)
    fresh_session()
    session[PENDING] = {"person": person.id, "version": person.session_version, "method": method,
                        "remember": bool(remember), "next": target, "at": utcnow().isoformat()}
    return redirect(url_for("two_factor.challenge"))


def pending(now: datetime) -> tuple[Person, dict] | None:
    """The person half-way through logging in, if still within PENDING_FOR and nothing changed since."""
    data = session.get(PENDING)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["at"])
        person = db.session.get(Person, int(data["person"]))
    except (KeyError, TypeError, ValueError):
        return None
    if now - started > PENDING_FOR or person is None or not person.is_active:
        return None
    if person.session_version != data.get("version") or not person.has_second_factor:
        return None
    return person, data


def forget_pending() -> None:
    session.pop(PENDING, None)
