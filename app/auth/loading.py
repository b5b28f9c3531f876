"""How Flask-Login finds the person of a session or remember-me cookie."""
from __future__ import annotations

from flask import Flask, g, request
from flask_babel import lazy_gettext
from flask_login import current_user

from app import policy
from app.api.helpers import current_caller
from app.auth import sessions
from app.db_types import utcnow
from app.errors import error_response
from app.extensions import login_manager
from app.members.models import Person


@login_manager.user_loader
def load_person(user_id: str) -> Person | None:
    """`id:session_version:key`: a stale version (password changed) or an ended session logs the cookie out."""
    try:
        person_part, version_part, key = user_id.split(":")
        person_id, version = int(person_part), int(version_part)
    except ValueError:
        return None  # also a cookie signed before sessions were kept on the server (id:version)
    if not key:
        return None
    now = utcnow()
    found = sessions.find_live(person_id, key, now=now)
    if found is None:
        return None
    person, row = found
    if person.session_version != version or not person.is_active:
        return None
    person.session_key = key
    g.account_session = row
    sessions.note_seen(row, now=now)
    return person


def init_app(app: Flask) -> None:
    """Configure where anonymous people are sent to log in."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = None
    app.before_request(require_login_when_private)


# Pages a visitor of a members-only instance may still open.
OPEN_ENDPOINTS = {"auth.login", "auth.accept_invitation", "auth.set_language", "static", "main.healthz", "api.create_token",
                  "reset.request_link", "reset.choose_password", "api.request_password_reset", "two_factor.challenge",
                  "oidc.start", "oidc.callback"}


def require_login_when_private():
    """On a members-only instance (PALABRE_PUBLIC=false), visitors only see the log-in page."""
    if request.endpoint in OPEN_ENDPOINTS or policy.can_read(current_user):
        return None
    if request.path.startswith("/api/") and policy.can_read(current_caller()):
        return None  # the API's callers are their Bearer token's person, not a session's (a 401 if it is bad)
    if request.path.startswith("/api/"):
        return error_response(401, "unauthorized", lazy_gettext("This instance is private: log in to read it."))
    return login_manager.unauthorized()
