"""The application state machine: the one place that moves an application between states."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.applications.models import Application
from app.errors import Conflict
from app.extensions import db

# Which state may follow which: discussed (pending), put to the vote, then decided; a cancelled vote
# returns it to discussion. Anything else is refused with a clear error.
TRANSITIONS: dict[str, set[str]] = {
    "pending": {"voting"},
    "voting": {"accepted", "rejected", "pending"},
    "accepted": set(),
    "rejected": set(),
}


def status_label(status: str) -> str:
    return {"pending": _("in discussion"), "voting": _("voting"), "accepted": _("accepted"),
            "rejected": _("refused")}[status]


def can_move(application: Application, to_status: str) -> bool:
    return to_status in TRANSITIONS[application.status]


def move(application: Application, to_status: str, *, now: datetime) -> None:
    """Change the state, or refuse (409) when the lifecycle does not allow it."""
    if not can_move(application, to_status):
        raise Conflict(_("An application that is “%(current)s” cannot become “%(target)s”.",
                         current=status_label(application.status), target=status_label(to_status)),
                       code="illegal_transition")
    application.status = to_status
    if to_status in ("accepted", "rejected"):
        application.decided_at = now
    db.session.flush()
