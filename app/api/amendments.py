"""Amendments in the JSON API: propose, list, read, withdraw."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from sqlalchemy.orm import defer, joinedload

from app import policy
from app.caching.pages import kept_for_visitors
from app.amendments import queries, services
from app.amendments.models import STATUSES, Amendment
from app.api import bp
from app.api.amendment_json import amendment_json, amendment_summary_json
from app.api.helpers import current_caller, json_body, paginate, require, require_caller, string_field
from app.db_types import utcnow
from app.documents.models import Document, Version
from app.documents.queries import get_document
from app.errors import Invalid, NotFound, PalabreError
from app.api.vote_json import vote_json
from app.votes.closing import close_due_votes, next_deadline
from app.votes.services import current_tally, current_vote

AMENDMENT_FIELDS = {"title", "rationale", "markdown", "base_version", "draft"}


def visible_amendment(amendment_id: int):
    amendment = queries.get_amendment(amendment_id)
    if not policy.can_see_amendment(current_caller(), amendment):
        raise NotFound(_("There is no amendment number %(n)d.", n=amendment_id), code="amendment_not_found")
    return amendment


def whole_number(data: dict, name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(_("“%(field)s” must be a whole number of 1 or more.", field=name), code="invalid_type")
    return value


@bp.route("/documents/<slug>/amendments", methods=["POST"])
def propose_amendment(slug: str):
    person = require_caller()
    document = get_document(slug)
    require(policy.can_propose(person))
    data = json_body(AMENDMENT_FIELDS, required={"title", "rationale", "markdown", "base_version"})
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        raise Invalid(_("“draft” must be true or false."), code="invalid_type")
    amendment = services.create_amendment(
        document, author=person, title=string_field(data, "title", max_length=200),
        rationale=string_field(data, "rationale", max_length=20_000),
        markdown=string_field(data, "markdown", max_length=1_000_000),
        base_number=whole_number(data, "base_version"), now=utcnow(), draft=draft,
    )
    body = {"id": amendment.id, "status": amendment.status, "base_version": amendment.base_version.number,
            "title": amendment.title}
    return body, 201


def close_what_is_due(**_view_args) -> None:
    close_due_votes(utcnow())


@bp.route("/amendments")
@kept_for_visitors(prepare=close_what_is_due, valid_until=next_deadline)
def list_amendments():
    close_what_is_due()
    caller = current_caller()
    document = get_document(request.args["document"]) if request.args.get("document") else None
    status = request.args.get("status")
    if status and status not in (*STATUSES, "open"):
        raise PalabreError(_("Unknown status “%(status)s”.", status=status), code="bad_request")
    query = queries.amendments_query(document=document, status=status or "all",
                                     visible=policy.amendment_visibility(caller, Amendment))
    # A summary needs neither the proposed text nor the base version's (100 KB each, per row).
    query = query.options(defer(Amendment.rationale),
                          joinedload(Amendment.base_version).load_only(Version.number),
                          joinedload(Amendment.document).load_only(Document.slug))
    return paginate(query, amendment_summary_json)


def close_if_due(amendment_id: int) -> None:
    close_due_votes(utcnow())


@bp.route("/amendments/<int:amendment_id>")
@kept_for_visitors(prepare=close_if_due, valid_until=next_deadline)
def read_amendment(amendment_id: int):
    """Kept for visitors as the page is: its diff is the costly part of an answer, the same until a write."""
    close_if_due(amendment_id)
    amendment = visible_amendment(amendment_id)
    return amendment_json(amendment, amendment_vote_json(amendment))


def amendment_vote_json(amendment) -> dict | None:
    """The `vote` object of API.md: the latest vote, or null."""
    vote = current_vote(amendment)
    return vote_json(vote, current_tally(vote), current_caller()) if vote is not None else None


@bp.route("/amendments/<int:amendment_id>/withdraw", methods=["POST"])
def withdraw_amendment(amendment_id: int):
    person = require_caller()
    amendment = visible_amendment(amendment_id)
    require(policy.can_withdraw_amendment(person, amendment))
    services.withdraw_amendment(amendment, by=person, now=utcnow())
    return amendment_json(amendment, amendment_vote_json(amendment))
