"""Forgotten passwords: a single-use link by e-mail, valid for an hour.

Asking gives the same answer, in the same time, whether the address is known or not: the request itself
only takes the address down (after the limits per address and per client, which count every address alike);
looking it up, making the link and sending the e-mail happen once the response is closed
(`after_response`), in their own transaction. A deactivated person, and an unknown address, get nothing.
Using the link sets the password, which ends every session and API token of the person, uses up every
other link, and is recorded.
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.audit.services import record as audit
from app.auth import notices, services, sessions
from app.auth.models import PasswordReset
from app.collective import identity
from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import base_url, holds_a_link, mail_link, one_line, remember, send_pending
from app.members.models import Person
from app.urls import app_path

log = logging.getLogger(__name__)

VALID_FOR = timedelta(hours=1)
RESET_MAIL = holds_a_link("password_reset")  # its link is forgotten once sent


def ask(email: str) -> None:
    """Take the address down: the link is made and sent once the response is closed (the same for any address)."""
    g.setdefault("password_resets", []).append(email)


def create_link(person: Person, *, now: datetime) -> str:
    """A new link's secret (only its hash is kept)."""
    secret = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(token_hash=services.hash_secret(secret), person_id=person.id, created_at=now,
                                 expires_at=now + VALID_FOR))
    db.session.flush()
    return secret


def queue_mail(person: Person, secret: str, *, now: datetime):
    site = identity.site_name()
    link = mail_link(app_path("reset.choose_password", secret=secret))
    with force_locale(person.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("Choose a new password on %(site)s", site=site))
        body = (_("Someone, probably you, asked to choose a new password for %(email)s on %(site)s. "
                  "This link works once, for an hour:", email=person.email, site=site)
                + f"\n\n{link}\n\n"
                + _("If you did not ask for it, do nothing: your password stays as it is. Using the link logs out "
                    "every other session and API token of yours."))
    row = OutboxMail(to_address=person.email, subject=subject, text_body=body, kind=RESET_MAIL, created_at=now)
    db.session.add(row)
    db.session.flush()
    remember(row)
    return row


def send_link(email: str, *, now: datetime) -> bool:
    """Make and queue the link for this address if it is an active person's; whether it was."""
    person = services.find_person(email)
    if person is None or not person.is_active:
        return False
    queue_mail(person, create_link(person, now=now), now=now)
    return True


def after_response(app: Flask, emails: list[str], base: str) -> None:
    """Runs once the response is closed: its own app context and transaction. Never raises."""
    try:
        with app.app_context():
            try:
                g.outbox_ids = []
                for email in emails:
                    send_link(email, now=utcnow())
                db.session.commit()
                if g.outbox_ids:
                    send_pending(g.outbox_ids, base=base)
            except Exception:  # noqa: BLE001 - the person asks again; nothing else may break
                db.session.rollback()
                log.exception("Could not send a password reset link")
            finally:
                db.session.remove()
    except Exception:  # noqa: BLE001
        log.exception("Could not send a password reset link")


def find_open(secret: str, *, now: datetime) -> PasswordReset | None:
    """The link of this secret if unused, unexpired, of an active person, and newer than their password."""
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == services.hash_secret(secret)))
    if reset is None or reset.used_at is not None or reset.expires_at <= now or not reset.person.is_active:
        return None
    changed = reset.person.password_changed_at
    if changed is not None and changed > reset.created_at:
        return None
    return reset


def use(reset: PasswordReset, password: str, *, now: datetime, address: str) -> Person:
    """Set the new password; every session, token and other link of the person ends; recorded."""
    person = reset.person
    services.set_password(person, password, now=now)
    db.session.execute(update(PasswordReset).where(PasswordReset.person_id == person.id,
                                                   PasswordReset.used_at.is_(None)).values(used_at=now))
    sessions.end_sessions_of(person, now=now)
    services.revoke_tokens_of(person, now=now)
    audit("account.password_reset", person, by=person, now=now, public=False, address=address)
    notices.tell(person, "password_reset", now=now)
    return person


def init_app(app: Flask) -> None:
    @app.after_request
    def send_reset_links(response):
        emails = g.pop("password_resets", None)
        if emails and response.status_code < 400:
            application, base = current_app._get_current_object(), base_url()

            def once() -> None:  # a response closed twice (a test client, some servers) sends once
                if emails:
                    after_response(application, emails.copy(), base)
                    emails.clear()
            response.call_on_close(once)
        return response
