"""One-click unsubscribe (RFC 8058): a signed link per person and e-mail choice that needs no log-in.

The link can only turn off the one kind of e-mail it was made for, for the one person: that is all a
stranger holding it (a forwarded mail) could do, so it needs no session, no CSRF token, no expiry. A new
SECRET_KEY voids the links already sent (the account page still works).
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "mail-unsubscribe"


def serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(person_id: int, choice: str) -> str:
    return serializer().dumps([person_id, choice])


def read_token(token: str) -> tuple[int, str] | None:
    """(person id, e-mail choice) of a link we signed; None for anything else."""
    try:
        person_id, choice = serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(person_id, int) or not isinstance(choice, str):
        return None
    return person_id, choice
