"""Votes and ballots in the JSON API, one set for every subject (/votes/<id>…), and the amendment
endpoints of API.md, which answer as they always did by calling the same services."""
from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.api import bp
from app.api.amendment_json import amendment_json
from app.api.amendments import amendment_vote_json, visible_amendment
from app.api.helpers import current_caller, json_body, page_args, paginate, require, require_caller, string_field
from app.api.vote_json import ballot_json, full_vote_json, said, vote_json
from app.db_types import utcnow
from app.documents.queries import get_document, get_version
from app.errors import Conflict, Invalid, NotAllowed, NotFound
from app.extensions import db
from app.members.services import find_organisation
from app.moments import UnshowableTime, in_utc
from app.record.receipts import latest_receipt
from app.urls import LARGEST_ID
from app.variants import services as variants
from app.votes import proxies, services
from app.votes.closing import close_due_votes
from app.votes.models import Ballot, Vote
from app.votes.panel import electorate_of
from app.votes.subjects import handler_of, subject_of


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


def visible_vote(vote_id: int) -> Vote:
    """A vote whose subject this caller may see, after closing whatever is due; 404 otherwise."""
    close_due_votes(utcnow())
    vote = db.session.get(Vote, vote_id)
    subject = subject_of(vote) if vote is not None else None
    if subject is None or not handler_of(vote).can_see(current_caller(), subject):
        raise NotFound(_("There is no vote number %(n)d.", n=vote_id), code="vote_not_found")
    return vote


def vote_answer(vote: Vote) -> dict:
    electorate = [organisation.slug for organisation in electorate_of(vote)]
    return full_vote_json(vote, services.current_tally(vote), current_caller(), electorate)


def open_vote_of(amendment):
    vote = services.current_vote(amendment)
    return vote if vote is not None and vote.status == "open" else None


def _has_body() -> bool:
    return bool(request.get_data(cache=True))


def ballot_answer(ballot: Ballot) -> dict:
    return {"organisation": ballot.organisation.slug, **said(ballot), "cast_at": ballot.cast_at.isoformat(),
            "justification": ballot.justification,
            "cast_by_proxy_of": ballot.proxy_holder.slug if ballot.proxy_holder else None,
            "receipt": latest_receipt(db.session.get(Vote, ballot.vote_id), ballot.organisation_id)}


def cast_from_body(vote: Vote | None, person) -> Ballot:
    """The ballot of a PUT …/ballot body: {"choice", "justification", "on_behalf_of"?}, or for a ranked vote
    {"ranking": [[key, …], …], "justification", "on_behalf_of"?}."""
    is_ranked = vote is not None and vote.method == "ranked"
    data = json_body({"ranking" if is_ranked else "choice", "justification", "on_behalf_of"},
                     required={"ranking" if is_ranked else "choice"})
    choice = None if is_ranked else string_field(data, "choice", max_length=16)
    justification = string_field(data, "justification", max_length=5000, required=False) or ""
    slug = string_field(data, "on_behalf_of", max_length=64, required=False)
    giver = find_organisation(slug) if slug else None
    if slug and giver is None:
        raise Invalid(_("There is no organisation with the short name “%(slug)s”.", slug=slug), code="unknown_organisation")
    if vote is None or vote.status != "open":
        require(policy.is_delegate_of(person, person.organisation))
        raise Conflict(_("This vote is not open."), code="vote_closed")
    require(policy.can_cast_ballot(person, vote))
    return services.cast_ballot(vote, by=person, choice=choice, justification=justification, now=utcnow(),
                                on_behalf_of=giver, ranking=data.get("ranking"))


def ballots_page(vote: Vote | None):
    if vote is None:  # no ballot yet, but ?page= and ?per_page= are checked as on any list
        page, per_page = page_args()
        return {"items": [], "page": page, "per_page": per_page, "total": 0}
    if not policy.can_see_ballots(current_caller(), vote):
        raise NotAllowed(_("Ballots are secret until the vote closes."), code="secret_ballots")
    query = (select(Ballot).where(Ballot.vote_id == vote.id)
             .options(joinedload(Ballot.organisation), joinedload(Ballot.proxy_holder))
             .order_by(Ballot.cast_at, Ballot.id))
    return paginate(query, ballot_json)


# The votes of every subject ------------------------------------------------------------------


@bp.route("/votes/<int:vote_id>")
def read_vote(vote_id: int):
    return vote_answer(visible_vote(vote_id))


@bp.route("/votes/<int:vote_id>/ballot", methods=["PUT"])
def cast_vote_ballot(vote_id: int):
    person = require_caller()
    return ballot_answer(cast_from_body(visible_vote(vote_id), person))


@bp.route("/votes/<int:vote_id>/ballots")
def list_vote_ballots(vote_id: int):
    return ballots_page(visible_vote(vote_id))


@bp.route("/votes/<int:vote_id>/proxy", methods=["PUT"])
def give_proxy(vote_id: int):
    person = require_caller()
    vote = visible_vote(vote_id)
    data = json_body({"to"}, required={"to"})
    slug = string_field(data, "to", max_length=64)
    holder = find_organisation(slug)
    if holder is None:
        raise Invalid(_("There is no organisation with the short name “%(slug)s”.", slug=slug), code="unknown_organisation")
    require(policy.can_give_proxy(person, vote) or vote.status != "open")
    proxy = proxies.give_proxy(vote, by=person, holder=holder, now=utcnow())
    return {"from": proxy.giver.slug, "to": proxy.holder.slug, "given_at": proxy.given_at.isoformat()}


@bp.route("/votes/<int:vote_id>/proxy", methods=["DELETE"])
def revoke_proxy(vote_id: int):
    person = require_caller()
    vote = visible_vote(vote_id)
    require(policy.can_give_proxy(person, vote) or vote.status != "open")
    proxies.revoke_proxy(vote, by=person, now=utcnow())
    return {"revoked": True}


@bp.route("/votes/<int:vote_id>/close", methods=["POST"])
def close_vote_now(vote_id: int):
    """A facilitator closes an open vote now; anyone may ask once its deadline has passed (closed on read)."""
    person = require_caller()
    vote = visible_vote(vote_id)
    if vote.status == "open":
        require(policy.can_manage_votes(person))
        services.close_now(vote, by=person, now=utcnow())
    return vote_answer(vote)


@bp.route("/votes/<int:vote_id>/extend", methods=["POST"])
def extend_vote(vote_id: int):
    person = require_caller()
    vote = visible_vote(vote_id)
    require(policy.can_manage_votes(person))
    data = json_body({"closes_at"}, required={"closes_at"})
    services.extend_vote(vote, by=person, now=utcnow(), closes_at=parse_time(data["closes_at"]))
    return vote_answer(vote)


@bp.route("/votes/<int:vote_id>/cancel", methods=["POST"])
def cancel_any_vote(vote_id: int):
    person = require_caller()
    vote = visible_vote(vote_id)
    require(policy.can_manage_votes(person))
    services.cancel_vote(vote, by=person, now=utcnow())
    return vote_answer(vote)


@bp.route("/documents/<slug>/versions/<int:number>/ratification", methods=["POST"])
def open_ratification(slug: str, number: int):
    """A facilitator opens the vote on adopting version n as the text in force."""
    person = require_caller()
    version = get_version(get_document(slug), number)
    require(policy.can_manage_votes(person))
    data = json_body({"closes_at"}) if _has_body() else {}
    closes_at = parse_time(data["closes_at"]) if data.get("closes_at") is not None else None
    vote = services.open_vote_on("version", version, by=person, now=utcnow(), closes_at=closes_at)
    return vote_answer(vote), 201


@bp.route("/documents/<slug>/variant-votes", methods=["POST"])
def open_variant_vote(slug: str):
    """A facilitator opens one ranked vote over competing amendments in discussion (and the current text)."""
    person = require_caller()
    document = get_document(slug)
    require(policy.can_open_variant_vote(person))
    data = json_body({"amendments", "closes_at"}, required={"amendments"})
    ids = data["amendments"]
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i <= LARGEST_ID
                                            for i in ids):
        raise Invalid(_("“amendments” must be a list of amendment ids."), code="invalid_type")
    closes_at = parse_time(data["closes_at"]) if data.get("closes_at") is not None else None
    vote = variants.open_variant_vote(document, ids, by=person, now=utcnow(), closes_at=closes_at)
    return vote_answer(vote), 201


# The amendment endpoints of API.md ----------------------------------------------------------


@bp.route("/amendments/<int:amendment_id>/open-vote", methods=["POST"])
def open_vote(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    require(policy.can_manage_votes(person))
    data = json_body({"closes_at"}) if _has_body() else {}
    closes_at = parse_time(data["closes_at"]) if data.get("closes_at") is not None else None
    vote = services.open_vote(amendment, by=person, now=utcnow(), closes_at=closes_at)
    return vote_json(vote, services.current_tally(vote), person)


@bp.route("/amendments/<int:amendment_id>/close-vote", methods=["POST"])
def close_vote(amendment_id: int):
    amendment = visible_amendment(amendment_id)
    vote = services.current_vote(amendment)
    if vote is None or vote.status == "cancelled":
        raise Conflict(_("This amendment has no vote to close."), code="no_vote")
    now = utcnow()
    if vote.status == "open" and now < vote.closes_at:
        raise Conflict(_("This vote closes at its deadline, not before."), code="vote_not_due")
    close_due_votes(now)
    amendment = visible_amendment(amendment_id)
    return amendment_json(amendment, amendment_vote_json(amendment))


@bp.route("/amendments/<int:amendment_id>/cancel-vote", methods=["POST"])
def cancel_vote(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    require(policy.can_manage_votes(person))
    vote = open_vote_of(amendment)
    if vote is None:
        raise Conflict(_("This amendment has no open vote."), code="vote_closed")
    require(policy.can_cancel_vote(person, vote))
    services.cancel_vote(vote, by=person, now=utcnow())
    return amendment_json(amendment, amendment_vote_json(amendment))


@bp.route("/amendments/<int:amendment_id>/ballot", methods=["PUT"])
def cast_ballot(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    close_due_votes(utcnow())
    return ballot_answer(cast_from_body(services.current_vote(amendment), person))


@bp.route("/amendments/<int:amendment_id>/ballots")
def list_ballots(amendment_id: int):
    amendment = visible_amendment(amendment_id)
    close_due_votes(utcnow())
    return ballots_page(services.current_vote(amendment))
