"""Comments in the JSON API: write, list (with carried-forward and outdated threads), change."""
from __future__ import annotations

from flask_babel import gettext as _

from app import policy
from app.api import bp
from app.api.amendments import visible_amendment
from app.api.comment_json import comment_json
from app.api.helpers import current_caller, json_body, require, require_caller, string_field
from app.comments import queries, services
from app.comments.notify import tell_about_reply
from app.db_types import utcnow
from app.documents.queries import get_document, get_version
from app.errors import Invalid, NotAllowed, NotFound, PalabreError
from app.extensions import db, limiter
from app.urls import LARGEST_ID
from app.comments.views import comment_limit, comment_url, per_person
from app.applications.models import Application

COMMENT_FIELDS = {"clause_id", "quote", "body", "parent_id"}


def per_api_caller() -> str:
    """The comment allowance of the token's person (the web's `per_person` sees no one here).

    Without this, every API client behind one address (a proxy, a NAT, 127.0.0.1) shared
    one allowance. A bad token counts against its address; the view answers it 401.
    """
    try:
        person = current_caller()
    except PalabreError:
        person = None
    return f"comment:{person.id}" if person is not None else per_person()


def optional_id(data: dict, name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("“%(field)s” must be a whole number.", field=name), code="invalid_type")
    if not 1 <= value <= LARGEST_ID:  # beyond, PostgreSQL's INTEGER overflows (a 500)
        raise NotFound(_("There is nothing with this number."), code="not_found")
    return value


def listing(items: list[dict]) -> dict:
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


def comment_fields(data: dict) -> dict:
    """The comment's fields from a JSON body, typed and bounded, with its parent loaded."""
    parent_id = optional_id(data, "parent_id")
    return {
        "body": string_field(data, "body", max_length=50_000),
        "clause_id": string_field(data, "clause_id", max_length=16, required=False),
        "quote": string_field(data, "quote", max_length=2000, required=False),
        "parent": queries.get_comment(parent_id) if parent_id else None,
    }


def published(comment, parent):
    """The 201 answer; the people of the thread hear of a reply."""
    if parent is not None:
        tell_about_reply(parent, comment, url=comment_url(comment))
    return comment_json(comment), 201


@bp.route("/documents/<slug>/versions/<int:number>/comments", methods=["POST"])
@limiter.limit(comment_limit, key_func=per_api_caller)
def comment_version(slug: str, number: int):
    person = require_caller()
    require(policy.can_comment(person))
    version = get_version(get_document(slug), number)
    fields = comment_fields(json_body(COMMENT_FIELDS, required={"body"}))
    return published(services.comment_on_version(version, author=person, now=utcnow(), **fields), fields["parent"])


@bp.route("/amendments/<int:amendment_id>/comments", methods=["POST"])
@limiter.limit(comment_limit, key_func=per_api_caller)
def comment_amendment(amendment_id: int):
    person = require_caller()
    require(policy.can_comment(person))
    amendment = visible_amendment(amendment_id)
    fields = comment_fields(json_body(COMMENT_FIELDS, required={"body"}))
    return published(services.comment_on_amendment(amendment, author=person, now=utcnow(), **fields),
                     fields["parent"])


def readable_application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not policy.can_read(current_caller()):
        raise NotFound(_("There is no application number %(n)d.", n=application_id),
                       code="application_not_found")
    return application


@bp.route("/applications/<int:application_id>/comments", methods=["POST"])
@limiter.limit(comment_limit, key_func=per_person)
def comment_application(application_id: int):
    """A comment on an application to join, or a reply (no clause, no quote: it belongs to no text)."""
    person = require_caller()
    application = readable_application(application_id)
    require(policy.can_comment_on_application(person, application))
    fields = comment_fields(json_body({"body", "parent_id"}, required={"body"}))
    comment = services.comment_on_application(application, author=person, now=utcnow(), body=fields["body"],
                                              parent=fields["parent"])
    return published(comment, fields["parent"])


@bp.route("/applications/<int:application_id>/comments")
def application_comments(application_id: int):
    application = readable_application(application_id)
    return discussion_listing(queries.threads_of_application(application.id))


@bp.route("/documents/<slug>/versions/<int:number>/comments")
def version_comments(slug: str, number: int):
    version = get_version(get_document(slug), number)
    show_hidden = policy.is_facilitator(current_caller())
    items = []
    for placed in queries.threads_in_version(version):
        items.append(comment_json(placed.comment, status=placed.status, clause_id=placed.clause_id,
                                  show_hidden=show_hidden))
        items += [comment_json(reply, show_hidden=show_hidden) for reply in placed.comment.replies]
    return listing(items)


@bp.route("/amendments/<int:amendment_id>/comments")
def amendment_comments(amendment_id: int):
    amendment = visible_amendment(amendment_id)
    return discussion_listing(queries.threads_of_amendment(amendment.id))


def discussion_listing(threads: list):
    """An amendment's or an application's discussion: each thread followed by its replies."""
    show_hidden = policy.is_facilitator(current_caller())
    return listing([comment_json(c, show_hidden=show_hidden) for c in queries.replies_flat(threads)])


@bp.route("/comments/<int:comment_id>", methods=["PATCH"])
def change_comment(comment_id: int):
    person = require_caller()
    comment = queries.get_visible_comment(comment_id, person)
    data = json_body({"body", "status", "reason"})
    if "body" in data:
        require(policy.can_edit_comment(person, comment))
        services.edit_comment(comment, body=string_field(data, "body", max_length=50_000), now=utcnow())
    if "status" in data:
        apply_status(person, comment, data)
    if not {"body", "status"} & set(data):
        raise Invalid(_("Send “body” or “status”."), code="missing_field")
    return comment_json(comment, show_hidden=policy.is_facilitator(person))


def apply_status(person, comment, data: dict) -> None:
    status = string_field(data, "status", max_length=16)
    if status == "hidden":
        if not policy.can_hide_comment(person, comment):
            raise NotAllowed(_("Only a facilitator can hide a comment."))
        services.hide_comment(comment, by=person, reason=string_field(data, "reason", max_length=1000) or "",
                              now=utcnow())
    elif status in ("resolved", "open"):
        require(policy.can_resolve_thread(person, comment))
        services.set_thread_status(comment, status)
    else:
        raise Invalid(_("“status” must be open, resolved or hidden."), code="invalid_status")
