"""Votes and ballots in the JSON API: open, close, cancel, cast, list."""
from __future__ import annotations

from datetime import datetime

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.api import bp
from app.api.amendment_json import amendment_json
from app.api.amendments import amendment_vote_json, visible_amendment
from app.api.helpers import current_caller, json_body, page_args, paginate, require, require_caller, string_field
from app.api.vote_json import ballot_json, vote_json
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotAllowed
from app.moments import UnshowableTime, in_utc
from app.record.receipts import latest_receipt
from app.votes import services
from app.votes.closing import close_due_votes
from app.votes.models import Ballot
from app.votes.notify import tell_delegates_vote_opened


def parse_time(value: object) -> datetime:
    """An ISO 8601 time with its UTC offset, or 422."""
    if not isinstance(value, str):
        raise Invalid(_("“closes_at” must be an ISO 8601 date and time."), code="invalid_type")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(_("“%(value)s” is not a valid date and time.", value=value[:64]), code="invalid_date") from None
    if parsed.tzinfo is None:
        raise Invalid(_("Give “closes_at” with its UTC offset, e.g. 2026-12-01T18:00:00+01:00."), code="invalid_date")
    try:
        return in_utc(parsed)
    except UnshowableTime as refusal:
        raise Invalid(f"“{value[:64]}”: {refusal}", code="invalid_date") from None


def open_vote_of(amendment):
    vote = services.current_vote(amendment)
    return vote if vote is not None and vote.status == "open" else None


@bp.route("/amendments/<int:amendment_id>/open-vote", methods=["POST"])
def open_vote(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    require(policy.is_facilitator(person))
    data = json_body({"closes_at"}) if _has_body() else {}
    closes_at = parse_time(data["closes_at"]) if data.get("closes_at") is not None else None
    vote = services.open_vote(amendment, by=person, now=utcnow(), closes_at=closes_at)
    tell_delegates_vote_opened(amendment, now=utcnow(),
                               url=url_for("amendments.show", amendment_id=amendment.id) + "#vote")
    return vote_json(vote, services.current_tally(vote))


def _has_body() -> bool:
    return bool(request.get_data(cache=True))


@bp.route("/amendments/<int:amendment_id>/close-vote", methods=["POST"])
def close_vote(amendment_id: int):
    amendment = visible_amendment(amendment_id)
    vote = services.current_vote(amendment)
    if vote is None or vote.status == "cancelled":
        raise Conflict(_("This amendment has no vote to close."), code="no_vote")
    now = utcnow()
    if vote.status == "open" and now < vote.closes_at:
        raise Conflict(_("This vote closes at its deadline, not before."), code="vote_not_due")
    close_due_votes(now, amendment.id)
    amendment = visible_amendment(amendment_id)
    return amendment_json(amendment, amendment_vote_json(amendment))


@bp.route("/amendments/<int:amendment_id>/cancel-vote", methods=["POST"])
def cancel_vote(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    require(policy.is_facilitator(person))
    vote = open_vote_of(amendment)
    if vote is None:
        raise Conflict(_("This amendment has no open vote."), code="vote_closed")
    services.cancel_vote(vote, by=person, now=utcnow())
    return amendment_json(amendment, amendment_vote_json(amendment))


@bp.route("/amendments/<int:amendment_id>/ballot", methods=["PUT"])
def cast_ballot(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    data = json_body({"choice", "justification"}, required={"choice"})
    choice = string_field(data, "choice", max_length=16)
    justification = string_field(data, "justification", max_length=5000, required=False) or ""
    close_due_votes(utcnow(), amendment.id)
    vote = services.current_vote(amendment)
    if vote is None or vote.status != "open":
        require(policy.is_delegate_of(person, person.organisation))
        raise Conflict(_("This vote is not open."), code="vote_closed")
    require(policy.can_cast_ballot(person, vote))
    ballot = services.cast_ballot(vote, by=person, choice=choice, justification=justification, now=utcnow())
    return {"organisation": ballot.organisation.slug, "choice": ballot.choice, "cast_at": ballot.cast_at.isoformat(),
            "justification": ballot.justification, "receipt": latest_receipt(vote, ballot.organisation_id)}


@bp.route("/amendments/<int:amendment_id>/ballots")
def list_ballots(amendment_id: int):
    amendment = visible_amendment(amendment_id)
    close_due_votes(utcnow(), amendment.id)
    vote = services.current_vote(amendment)
    if vote is None:  # no ballot yet, but ?page= and ?per_page= are checked as on any list
        page, per_page = page_args()
        return {"items": [], "page": page, "per_page": per_page, "total": 0}
    if not policy.can_see_ballots(current_caller(), vote):
        raise NotAllowed(_("Ballots are secret until the vote closes."), code="secret_ballots")
    query = (select(Ballot).where(Ballot.vote_id == vote.id)
             .options(joinedload(Ballot.organisation)).order_by(Ballot.cast_at, Ballot.id))
    return paginate(query, ballot_json)
