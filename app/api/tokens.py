"""POST /api/v1/tokens: trade an e-mail and password for a bearer token."""
from __future__ import annotations

from flask import current_app, g
from flask_babel import gettext as _

from app.api import bp
from app.api.helpers import json_body, string_field
from app.api.serialisers import person_json
from app.auth import second_factor, services, sessions
from app.auth.limits import failures_per_address, failures_per_email, login_email
from app.database import reading_first
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import limiter


@bp.route("/tokens", methods=["POST"])
@limiter.limit(lambda: current_app.config["TOKEN_LIMIT"], key_func=login_email)
@failures_per_address
@failures_per_email
def create_token():
    data = json_body({"email", "password", "code"}, required={"email", "password"})
    email = string_field(data, "email", max_length=254)
    password = string_field(data, "password", max_length=500)
    code = string_field(data, "code", max_length=40) if "code" in data else ""
    with reading_first():
        person = services.authenticate(email, password)
    if person is None:
        g.login_failed = True
        raise PalabreError(_("Wrong e-mail address or password."), code="invalid_credentials", status=401)
    if second_factor.missing_for(person):
        raise PalabreError(_("This instance requires two-factor authentication of facilitators: turn it on from "
                             "your account page first."), code="second_factor_missing", status=403)
    if person.has_second_factor and not second_factor.check_any(person, code, now=utcnow()):
        g.login_failed = True
        raise PalabreError(_("Two-factor authentication is on for this account: send \u201ccode\u201d, a code of "
                             "your app or an unused recovery code."), code="second_factor_required", status=401)
    client, address = sessions.client_of_request()
    secret = services.issue_token(person, now=utcnow(), client=client, address=address)
    expires_at = services.find_token(secret).expires_at
    return {"token": secret, "user": person_json(person), "expires_at": expires_at.isoformat()}, 201

