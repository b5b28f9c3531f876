"""The TOTP apps' shared secrets, sealed with keys kept outside the database (PALABRE_TOTP_KEYS).

The server must read a TOTP secret back to check a code, so it cannot be hashed like a password or a
recovery code; stored in clear, a copy of the database alone (a backup, a dump handed to a new host)
would give everyone's second factor. Fernet (cryptography) seals and authenticates it; MultiFernet lets
the keys rotate without locking anyone out: the first key seals, every key opens, and
`flask reseal-totp-secrets` seals every secret again with the first so that an old key can be dropped.
"""
from __future__ import annotations

import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.members.models import Person

log = logging.getLogger(__name__)


def _keys() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in current_app.config["TOTP_KEYS"]])


def seal(secret: str) -> str:
    return _keys().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The secret, or None when none of the keys opens it (the keys of the server changed: logged)."""
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except InvalidToken:
        log.error("a TOTP secret could not be opened with PALABRE_TOTP_KEYS: was a key dropped too early?")
        return None


def reseal_all() -> tuple[int, int]:
    """Every secret sealed again with the first key: (how many were, how many no key could open)."""
    keys, resealed, unopened = _keys(), 0, 0
    for person in db.session.scalars(select(Person).where(Person.totp_sealed_secret.is_not(None))):
        try:
            person.totp_sealed_secret = keys.rotate(person.totp_sealed_secret.encode()).decode()
            resealed += 1
        except InvalidToken:
            unopened += 1
    db.session.flush()
    return resealed, unopened
