"""The amendment state machine: the one place that moves an amendment between states."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.amendments.checks import forget_when_leaving
from app.amendments.models import Amendment, AmendmentEvent
from app.amendments.notices import AMENDMENT_OUTCOME
from app.amendments.states import status_label
from app.audit.services import record as audit
from app.errors import Conflict
from app.extensions import db
from app.members.models import Person
from app.notifications.services import notify
from app.urls import app_path
from app.watches.notify import tell_new_amendment as tell_followers_of_amendment
from app.watches.notify import tell_outcome as tell_followers_of_outcome

# The states its author hears about (in the app and by e-mail).
OUTCOMES = {"accepted", "rejected", "needs_update", "not_retained"}

# Which state may follow which. Anything else is refused with a clear error.
TRANSITIONS: dict[str, set[str]] = {
    "draft": {"discussion", "withdrawn", "needs_update"},
    "discussion": {"voting", "withdrawn", "needs_update"},
    # not_retained: a ranked vote between competing amendments preferred another one (app/variants/).
    "voting": {"accepted", "rejected", "discussion", "not_retained"},
    "needs_update": {"discussion", "withdrawn"},
    "accepted": {"needs_update"},
    "rejected": set(),
    "withdrawn": set(),
    "not_retained": set(),
}


def can_move(amendment: Amendment, to_status: str) -> bool:
    return to_status in TRANSITIONS[amendment.status]


def move(amendment: Amendment, to_status: str, *, by: Person | None, now: datetime, note: str = "") -> None:
    """Change the state, or refuse (409) when the lifecycle does not allow it."""
    move_all([amendment], to_status, by=by, now=now, note=note)


def move_all(amendments: list[Amendment], to_status: str, *, by: Person | None, now: datetime,
             note: str = "") -> None:
    """`move` for several amendments at once (a merge sends every amendment it broke to *needs
    update*): the same rows, in the same order, but their state changes sent in one flush, as
    one batch of UPDATEs, rather than one round trip each. Refused (409) before anything is
    written when the lifecycle does not allow one of them."""
    for amendment in amendments:
        refuse_illegal(amendment, to_status)
    submitted = [amendment.status == "draft" and to_status == "discussion" for amendment in amendments]
    for amendment in amendments:
        db.session.add(AmendmentEvent(
            amendment_id=amendment.id, from_status=amendment.status, to_status=to_status,
            by_id=by.id if by else None, note=note, created_at=now,
        ))
        audit("amendment.state_changed", amendment, by=by, now=now, old=amendment.status, new=to_status,
              note=note)
    for amendment in amendments:  # after every record's flush: the UPDATEs go in one batch
        amendment.status = to_status
        amendment.status_changed_at = now
        forget_when_leaving(amendment, to_status)
    db.session.flush()
    for amendment, was_submitted in zip(amendments, submitted):
        if to_status in OUTCOMES:
            tell_author(amendment, by=by, now=now)
            tell_followers_of_outcome(amendment, now=now)
        if was_submitted:
            tell_followers_of_amendment(amendment, now=now)


def refuse_illegal(amendment: Amendment, to_status: str) -> None:
    """409 when the lifecycle does not allow the move."""
    if not can_move(amendment, to_status):
        raise Conflict(
            _("An amendment that is “%(current)s” cannot become “%(target)s”.",
              current=status_label(amendment.status), target=status_label(to_status)),
            code="illegal_transition",
        )


def tell_author(amendment: Amendment, *, by: Person | None, now: datetime) -> None:
    """The author learns that their amendment was adopted, rejected or needs an update."""
    notify([amendment.author], kind=AMENDMENT_OUTCOME, now=now, exclude=by,
           url=app_path("amendments.show", amendment_id=amendment.id),
           params={"title": amendment.title, "status": amendment.status})
