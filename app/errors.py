"""Domain errors and the error handlers: JSON under /api, finished pages elsewhere."""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from app.audit.services import record_refusal as write_refusal
from app.auth import resume
from app.extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "busy",
}


class PalabreError(Exception):
    """A refusal the user can understand: a status, a machine code and a sentence."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status


class NotAllowed(PalabreError):
    status = 403
    code = "forbidden"


class NotFound(PalabreError):
    status = 404
    code = "not_found"


class Conflict(PalabreError):
    status = 409
    code = "conflict"


class Invalid(PalabreError):
    status = 422
    code = "invalid"


def default_message(status: int) -> str:
    """A human sentence for each status, in the reader's language."""
    messages = {
        400: _("The request could not be understood. Please check what you sent."),
        401: _("You need to log in to do this."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist, or no longer does."),
        405: _("This address does not accept this kind of request."),
        409: _("This conflicts with a change made in the meantime."),
        413: _("What you sent is too large."),
        415: _("This kind of content is not accepted here."),
        422: _("Some values are not valid."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing you saved is lost; please try again."),
        503: _("The site is very busy right now and nothing was saved. Please try again in a moment."),
    }
    return messages.get(status, messages[400])


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, **extra):
    """Render an error as JSON (API) or as a page."""
    if wants_json():
        body = {"error": {"code": code, "message": message, **extra}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def record_refusal() -> None:
    """A 403 goes to the record, on its own connection once this request's work is rolled back."""
    actor_id = organisation_id = None
    try:
        if current_user.is_authenticated:
            actor_id, organisation_id = current_user.id, current_user.organisation_id
    except Exception:  # noqa: BLE001 - a broken session must not hide the refusal
        log.exception("Could not tell who was refused")
    db.session.rollback()
    write_refusal(actor_id=actor_id, organisation_id=organisation_id, method=request.method, path=request.path,
          address=request.remote_addr, window_minutes=current_app.config["REFUSAL_WINDOW_MINUTES"])


def handle_untrusted_host(error: SecurityError):
    """A Host header outside TRUSTED_HOSTS: no address can be built for it, so no page either; one sentence."""
    db.session.rollback()
    return Response(_("This site is not served under this name.") + "\n", 400, mimetype="text/plain")


def handle_http_exception(error: HTTPException):
    if isinstance(error, SecurityError):
        return handle_untrusted_host(error)
    status = error.code or 500
    if status == 403:
        record_refusal()
    own = _has_own_description(error) and status != 429  # the limiter's text is "5 per 1 minute"
    description = error.description if own else None
    response = make_response(error_response(status, HTTP_CODES.get(status, "error"),
                                            description or default_message(status)))
    if status == 405 and getattr(error, "valid_methods", None):
        # A page's body is a string: the headers belong to the response made of it.
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _has_own_description(error: HTTPException) -> bool:
    # Werkzeug's stock descriptions are English-only; ours are set explicitly with abort().
    return type(error).description != error.description


def handle_palabre_error(error: PalabreError):
    if error.status == 403:
        record_refusal()
    db.session.rollback()
    return error_response(error.status, error.code, error.message)


def handle_csrf_error(error: CSRFError):
    """An expired or missing token: give everything typed back, with a fresh form."""
    db.session.rollback()
    if wants_json():
        return error_response(400, "csrf_failed", _("The security token is missing or expired."))
    try:
        return resume.after_expiry()
    except HTTPException as refusal:
        return handle_http_exception(refusal)
    except PalabreError as refusal:
        return handle_palabre_error(refusal)


def database_busy(error: BaseException | None) -> bool:
    """SQLite's "database is locked": the busy timeout ran out waiting for another writer."""
    while error is not None:
        if isinstance(error, OperationalError) and any(
                text in str(error.orig) for text in ("database is locked", "database is busy")):
            return True
        error = getattr(error, "original_exception", None)
    return False


def handle_busy(error: Exception):
    """503 with a sentence and Retry-After when SQLite stayed locked; anything else is unexpected."""
    if not database_busy(error):
        if current_app.testing:
            raise error
        return handle_unexpected(error)
    db.session.rollback()
    g.sqlite_busy = True  # the error page may read (who is logged in) but must not wait again
    log.warning("Database busy on %s %s: answered 503", request.method, request.path)
    body, status = error_response(503, "busy", default_message(503))
    return body, status, {"Retry-After": "5"}


def handle_unexpected(error: Exception):
    if database_busy(error):
        return handle_busy(error)
    db.session.rollback()
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return error_response(500, "server_error", default_message(500))


def init_app(app: Flask) -> None:
    """Register the handlers. In tests unexpected errors propagate so they fail loudly."""
    app.register_error_handler(PalabreError, handle_palabre_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(OperationalError, handle_busy)
    if not app.testing:
        app.register_error_handler(InternalServerError, handle_unexpected)
        app.register_error_handler(Exception, handle_unexpected)
