"""GET /api/v1/audit (the record as a hash chain), /api/v1/verify, /api/v1/votes/<id>/receipts."""
from __future__ import annotations

import json

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from app import policy
from app.api import bp
from app.api.helpers import current_caller, paginate
from app.audit.models import AuditEntry
from app.errors import NotFound, PalabreError
from app.extensions import db, limiter
from app.record.hashing import canonical_time
from app.record.receipts import counted_receipts
from app.record.verify import verify_all
from app.urls import LARGEST_ID
from app.votes.models import Vote


def entry_json(entry: AuditEntry, *, shown: bool) -> dict:
    """An entry with its link; a private one, to whom may not read it, is its link only (the chain stays whole)."""
    link = {"id": entry.id, "seq": entry.seq, "hash": entry.hash, "prev": entry.prev}
    if not shown:
        return {**link, "redacted": True, "public": False, "at": None, "action": None, "actor": None,
                "organisation_id": None, "object": None, "document_id": None, "details": None}
    return {**link, "redacted": False, "public": entry.public, "at": canonical_time(entry.at), "action": entry.kind,
            "actor": {"id": entry.actor.id, "name": entry.actor.name} if entry.actor else None,
            "organisation_id": entry.organisation_id, "object": {"type": entry.object_type, "id": entry.object_id},
            "document_id": entry.document_id, "details": json.loads(entry.detail_json or "{}")}


def after_seq() -> int:
    """`?after=<entry id>`: the place in the chain after which to list (0: from the start)."""
    value = request.args.get("after", "").strip()
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise PalabreError(_("“after” must be the number of an entry of the record, not “%(value)s”.",
                             value=value[:20]), code="bad_request")
    # Ids are 32-bit INTEGER columns on PostgreSQL: a larger number cannot be an entry (and would crash the driver).
    seq = (db.session.scalar(select(AuditEntry.seq).where(AuditEntry.id == int(value)))
           if int(value) <= LARGEST_ID else None)
    if seq is None:
        raise NotFound(_("There is no entry number %(n)s in the record.", n=value), code="entry_not_found")
    return seq


@bp.route("/audit")
def list_audit():
    """The record in chain order; private entries only to facilitators (others get their links)."""
    if not policy.can_read(current_caller()):
        raise NotFound(_("This instance is private."), code="not_found")
    everything = policy.can_administer(current_caller())
    query = (select(AuditEntry).where(AuditEntry.seq > after_seq()).options(joinedload(AuditEntry.actor))
             .order_by(AuditEntry.seq))
    return paginate(query, lambda entry: entry_json(entry, shown=everything or entry.public))


@bp.route("/verify")
@limiter.limit(lambda: current_app.config.get("VERIFY_LIMIT", "6 per minute"))
def verify():
    """Every hash and chain recomputed now (rate limited: it reads the whole history)."""
    if not policy.can_read(current_caller()):
        raise NotFound(_("This instance is private."), code="not_found")
    return verify_all()


@bp.route("/votes/<int:vote_id>/receipts")
def list_receipts(vote_id: int):
    """Every counted ballot's receipt, public even for secret ballots (they say neither who nor how)."""
    vote = db.session.get(Vote, vote_id)
    if vote is None or not policy.can_read(current_caller()):
        raise NotFound(_("There is no vote number %(n)d.", n=vote_id), code="vote_not_found")
    query = counted_receipts(vote.id)
    if vote.status == "cancelled":
        query = query.where(false())
    return paginate(query, lambda row: {"receipt": row.receipt})
