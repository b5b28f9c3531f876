"""What every API endpoint needs: the caller, the JSON body, pagination."""
from __future__ import annotations

from typing import Any

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from app.auth import services as auth_services
from app.auth import sessions
from app.db_types import utcnow
from app.errors import Invalid, NotAllowed, PalabreError
from app.extensions import db

MAX_PER_PAGE = 100
# Beyond this the OFFSET no longer fits a database integer (a 500 instead of an empty page).
MAX_PAGE = 1_000_000


def current_caller():
    """The person of the Bearer token, None for a visitor; 401 for a bad token."""
    if "api_caller" in g:
        return g.api_caller
    header = request.headers.get("Authorization", "")
    person = None
    if header:
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise PalabreError(_("Use “Authorization: Bearer <token>”."), code="unauthorized", status=401)
        token = auth_services.find_token(secret.strip())
        person = token.person if auth_services.token_is_good(token, now=utcnow()) else None
        if person is None:
            raise PalabreError(_("This token is unknown or revoked."), code="unauthorized", status=401)
    if person is not None:
        sessions.note_seen(token, now=utcnow())
    g.api_caller = person
    return person


def require_caller():
    """The authenticated caller, or 401."""
    person = current_caller()
    if person is None:
        raise PalabreError(_("This needs an API token: POST /api/v1/tokens."), code="unauthorized", status=401)
    return person


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to do this."))


def json_body(allowed: set[str], required: set[str] = frozenset()) -> dict[str, Any]:
    """The request's JSON object, with only known fields (never mass-assigned)."""
    if not request.is_json:
        raise PalabreError(_("Send a JSON body with Content-Type: application/json."), code="bad_request")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise PalabreError(_("The body is not a valid JSON object."), code="malformed_json")
    unknown = set(data) - allowed
    if unknown:
        raise Invalid(_("Unknown field(s): %(fields)s.", fields=", ".join(sorted(unknown))), code="unknown_field")
    missing = required - set(data)
    if missing:
        raise Invalid(_("Missing field(s): %(fields)s.", fields=", ".join(sorted(missing))), code="missing_field")
    return data


def string_field(data: dict, name: str, *, max_length: int, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise Invalid(_("“%(field)s” must be a string.", field=name), code="invalid_type")
    if len(value) > max_length:
        raise Invalid(_("“%(field)s” is longer than %(n)d characters.", field=name, n=max_length), code="too_long")
    if "\x00" in value:
        raise Invalid(_("“%(field)s” contains a NUL character.", field=name), code="invalid_value")
    return value


def page_args() -> tuple[int, int]:
    """`?page=` and `?per_page=` (at most 100), validated."""
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 20))
    except ValueError:
        raise PalabreError(_("page and per_page must be whole numbers."), code="bad_request") from None
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise PalabreError(_("page must be between 1 and 1,000,000 and per_page between 1 and 100."),
                           code="bad_request")
    return page, per_page


def paginate(query: Select, serialise) -> dict[str, Any]:
    """Run a select one page at a time: {"items", "page", "per_page", "total"}."""
    page, per_page = page_args()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": [serialise(row) for row in rows], "page": page, "per_page": per_page, "total": total}
