"""Two-factor authentication: a TOTP app (RFC 6238, pyotp) and one-time recovery codes. No request needed.

A code is accepted once (the time step it belongs to is kept: ASVS 5.0 V6.5), one step early or late for
clocks that drift. Recovery codes are shown once and stored hashed like passwords.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record as audit
from app.auth import notices, sealing
from app.auth.models import RecoveryCode
from app.collective import identity
from app.extensions import db
from app.members.models import Person

STEP = 30
RECOVERY_CODES = 10


def start(person: Person) -> str:
    """A new secret, kept on the person but not in force until confirmed with a code (confirm)."""
    secret = pyotp.random_base32()
    person.totp_sealed_secret = sealing.seal(secret)
    person.totp_enabled_at = None
    person.totp_last_step = None
    db.session.flush()
    return secret


def secret_of(person: Person) -> str | None:
    """The secret the person's app shares with us (None: none, or the server's keys no longer open it)."""
    return sealing.unseal(person.totp_sealed_secret) if person.totp_sealed_secret else None


def provisioning_uri(person: Person) -> str:
    return pyotp.TOTP(secret_of(person)).provisioning_uri(name=person.email, issuer_name=identity.site_name())


def qr_svg(uri: str, title: str) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (nothing is loaded from elsewhere)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title=title, dark="#000", light="#fff")


def _digits(code: str) -> str:
    return "".join(code.split())


def check_totp(person: Person, code: str, *, now: datetime) -> bool:
    """Whether `code` is the app's code now (± one step) and was not used yet; it is then used up."""
    code, secret = _digits(code or ""), secret_of(person)
    if not secret or len(code) != 6 or not (code.isascii() and code.isdigit()):
        return False
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if step > (person.totp_last_step or -1) and hmac.compare_digest(totp.at(step * STEP), code):
            person.totp_last_step = step
            db.session.flush()
            return True
    return False


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def use_recovery_code(person: Person, code: str, *, now: datetime) -> bool:
    """Whether `code` is one of the person's unused recovery codes; it is then used up."""
    code = normalise_recovery_code(code)
    if len(code) != 12:
        return False
    for row in db.session.scalars(select(RecoveryCode).where(RecoveryCode.person_id == person.id,
                                                             RecoveryCode.used_at.is_(None))):
        if check_password_hash(row.code_hash, code):
            row.used_at = now
            db.session.flush()
            audit("account.recovery_code_used", person, by=person, now=now, public=False, left=remaining(person))
            return True
    return False


def check_any(person: Person, code: str, *, now: datetime) -> bool:
    """The second factor: a code of the app, or else a recovery code."""
    return check_totp(person, code, now=now) or use_recovery_code(person, code, now=now)


def remaining(person: Person) -> int:
    return len(list(db.session.scalars(select(RecoveryCode.id).where(RecoveryCode.person_id == person.id,
                                                                     RecoveryCode.used_at.is_(None)))))


def new_recovery_codes(person: Person, *, now: datetime) -> list[str]:
    """Ten fresh codes (the old ones stop working), to show once: `abcd-ef12-3456`."""
    db.session.execute(update(RecoveryCode).where(RecoveryCode.person_id == person.id,
                                                  RecoveryCode.used_at.is_(None)).values(used_at=now))
    method = current_app.config["PASSWORD_HASH_METHOD"]
    codes = [secrets.token_hex(6) for _ in range(RECOVERY_CODES)]
    for code in codes:
        db.session.add(RecoveryCode(person_id=person.id, code_hash=generate_password_hash(code, method=method),
                                    created_at=now))
    db.session.flush()
    return ["-".join((code[:4], code[4:8], code[8:])) for code in codes]


def confirm(person: Person, code: str, *, now: datetime) -> list[str] | None:
    """Turn two-factor on when `code` matches the secret just shown; its recovery codes, or None."""
    if person.totp_sealed_secret is None or person.has_second_factor or not check_totp(person, code, now=now):
        return None
    person.totp_enabled_at = now
    codes = new_recovery_codes(person, now=now)
    audit("account.two_factor_on", person, by=person, now=now, public=False)
    notices.tell(person, "two_factor_on", now=now)
    return codes


def turn_off(person: Person, *, now: datetime) -> None:
    person.totp_sealed_secret = None
    person.totp_enabled_at = None
    person.totp_last_step = None
    db.session.execute(update(RecoveryCode).where(RecoveryCode.person_id == person.id,
                                                  RecoveryCode.used_at.is_(None)).values(used_at=now))
    audit("account.two_factor_off", person, by=person, now=now, public=False)
    notices.tell(person, "two_factor_off", now=now)


def required_for(person: Person) -> bool:
    """Whether this instance asks this person for a second factor (PALABRE_FACILITATOR_2FA for facilitators)."""
    return bool(person.is_facilitator and current_app.config["FACILITATOR_TWO_FACTOR"])


def missing_for(person: Person) -> bool:
    """A second factor is required of this person and they have not turned it on yet."""
    return required_for(person) and not person.has_second_factor
