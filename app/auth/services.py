"""Accounts, passwords, invitations and API tokens: plain functions, no request needed."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record as audit
from app.auth.models import AccountSession, ApiToken, Invitation
from flask import current_app
from flask_babel import gettext as _

from app.db_types import utcnow
from app.errors import Conflict, Invalid
from app.extensions import db
from app.members.models import Organisation, Person
from app.oneline import one_line

MIN_PASSWORD_LENGTH = 8
# Checked against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def has_ascii_local_part(email: str) -> bool:
    """Whether the part before the @ is ASCII: mail servers without SMTPUTF8 (most, and ours) cannot
    deliver to `zoé@…`; an accented domain is fine (it travels as IDNA)."""
    return email.rpartition("@")[0].isascii()


def check_email(email: str) -> None:
    """Refuse an address mail cannot reach, with a sentence that gives it back."""
    if "@" not in email or len(email) > 254:
        raise Invalid(_("“%(email)s” is not a valid e-mail address.", email=email))
    if not has_ascii_local_part(email):
        raise Invalid(_("“%(email)s” has accented or non-Latin letters before the @: e-mail cannot be delivered "
                        "to such an address from here. Give an address without them.", email=email))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_person(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


def authenticate(email: str, password: str) -> Person | None:
    """The active person with these credentials, or None."""
    person = find_person(email)
    if person is None or not person.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(person.password_hash, password) or not person.is_active:
        return None
    return person


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(person: Person, password: str, *, now: datetime | None = None, keep=None) -> None:
    """Change the password and end every other session (all but `keep`) and every API token of this person."""
    check_password_strength(password)
    now = now or utcnow()
    person.password_hash = hash_password(password)
    end_all_sessions(person, now=now, keep=keep)
    person.password_changed_at = now


def end_all_sessions(person: Person, *, now: datetime | None = None, keep=None) -> None:
    """Every browser of this person is logged out, but the session `keep` (which must log in again with the
    new session version): the rows end, and the version in every signed cookie is stale.

    Sessions are signed cookies, so a cookie copied before would otherwise still be good.
    """
    person.session_version += 1
    if person.id is not None:  # a person being created has no session yet
        end_session_rows(person, now=now or utcnow(), keep=keep)


def end_session_rows(person: Person, *, now: datetime, keep=None) -> None:
    """Every session row of this person ends, but `keep`'s (app/auth/sessions.py)."""
    query = update(AccountSession).where(AccountSession.person_id == person.id, AccountSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(AccountSession.id != keep.id)
    db.session.execute(query.values(ended_at=now))


def create_person(
    email: str,
    name: str,
    *,
    password: str | None = None,
    organisation: Organisation | None = None,
    is_delegate: bool = False,
    is_facilitator: bool = False,
    language: str = "fr",
) -> Person:
    """A new person; refuses an e-mail already taken (case-insensitively)."""
    email = normalise_email(email)
    check_email(email)
    name = one_line(name)
    if not name:
        raise Invalid(_("A name is required."))
    if find_person(email) is not None:
        raise Conflict(_("Someone already has the e-mail address %(email)s.", email=email), code="duplicate")
    person = Person(
        email=email,
        name=name,
        organisation=organisation,
        is_delegate=is_delegate,
        is_facilitator=is_facilitator,
        language=language,
        session_version=1,
    )
    if password is not None:
        set_password(person, password)
    db.session.add(person)
    db.session.flush()
    return person


def create_invitation(
    email: str, organisation: Organisation, *, by: Person | None, now: datetime, days: int,
    as_delegate: bool = False,
) -> tuple[Invitation, str]:
    """An invitation and its one-time secret (only its hash is stored)."""
    email = normalise_email(email)
    check_email(email)
    if find_person(email) is not None:
        raise Conflict(_("Someone already has the e-mail address %(email)s.", email=email), code="duplicate")
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=hash_secret(secret),
        email=email,
        organisation=organisation,
        as_delegate=as_delegate,
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, secret


def find_open_invitation(secret: str, *, now: datetime) -> Invitation | None:
    """The invitation of this secret if it is unused and not expired."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_secret(secret))
    )
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
    return invitation


def accept_invitation(invitation: Invitation, *, name: str, password: str, now: datetime) -> Person:
    """Create the invitee's account and use the invitation up."""
    person = create_person(
        invitation.email,
        name,
        password=password,
        organisation=invitation.organisation,
        is_delegate=invitation.as_delegate,
    )
    invitation.accepted_at = now
    invitation.person_id = person.id
    audit("role.changed", person, by=person, now=now, public=False, email=person.email, roles=person.roles, invited=True)
    return person


def issue_token(person: Person, *, now: datetime | None = None, client: str = "", address: str = "") -> str:
    """A new API token for this person, lasting TOKEN_DAYS; only its hash is kept (with where it was asked from)."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    db.session.add(ApiToken(token_hash=hash_secret(secret), person=person, created_at=now, client=client[:200],
                            address=address[:64], expires_at=now + timedelta(days=current_app.config["TOKEN_DAYS"])))
    db.session.flush()
    return secret


def token_is_good(token: ApiToken | None, *, now: datetime) -> bool:
    """Neither revoked nor expired, of an active person, and issued after their last password change."""
    if token is None or token.revoked_at is not None or not token.person.is_active:
        return False
    if token.expires_at is not None and token.expires_at <= now:
        return False
    changed = token.person.password_changed_at
    return changed is None or token.created_at >= changed


def find_token(secret: str) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))


def person_for_token(secret: str, *, now: datetime) -> Person | None:
    """The active person behind a good bearer token (token_is_good), or None."""
    token = find_token(secret)
    return token.person if token_is_good(token, now=now) else None


def revoke_token(token: ApiToken, *, now: datetime) -> None:
    token.revoked_at = token.revoked_at or now
    db.session.flush()


def revoke_tokens_of(person: Person, *, now: datetime | None = None) -> None:
    """Every API token of this person stops working."""
    db.session.execute(update(ApiToken).where(ApiToken.person_id == person.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now or utcnow()))
