"""PUT, DELETE and GET /api/v1/watches: what the token's person follows."""
from __future__ import annotations

from flask import url_for

from app import policy
from app.api import bp
from app.api.helpers import json_body, paginate, require, require_caller
from app.db_types import utcnow
from app.watches import services
from app.watches.targets import resolve

FIELDS = {"document", "clause", "amendment", "application"}


def body_target(person) -> dict:
    data = json_body(FIELDS)
    return resolve(person, document=data.get("document") if isinstance(data.get("document"), str) else None,
                   clause=data.get("clause") if isinstance(data.get("clause"), str) else None,
                   amendment=data.get("amendment"), application=data.get("application"))


def watch_json(watch) -> dict:
    kind = watch.kind
    slug = watch.target_document_slug
    if kind == "application":
        url = url_for("applications.show", application_id=watch.application_id, _external=True)
    elif kind == "amendment":
        url = url_for("amendments.show", amendment_id=watch.amendment_id, _external=True)
    elif kind == "clause":
        url = url_for("documents.clause_history", slug=slug, clause_id=watch.clause_id, _external=True)
    else:
        url = url_for("documents.show", slug=slug, _external=True)
    return {"kind": kind, "document": slug, "clause": watch.clause_id, "amendment": watch.amendment_id,
            "application": watch.application_id, "url": url,
            "created_at": watch.created_at.isoformat()}


@bp.route("/watches", methods=["PUT"])
def put_watch():
    person = require_caller()
    require(policy.can_follow(person))
    return watch_json(services.follow(person, body_target(person), now=utcnow()))


@bp.route("/watches", methods=["DELETE"])
def delete_watch():
    person = require_caller()
    require(policy.can_follow(person))
    services.unfollow(person, body_target(person))
    return {"following": False}


@bp.route("/watches", methods=["GET"])
def list_watches():
    person = require_caller()
    return paginate(services.watches_of(person), watch_json)
