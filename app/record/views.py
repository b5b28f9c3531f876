"""/votes/<id>/receipts: the public list of a vote's counted receipts (the page of the API's list)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from app import policy
from app.extensions import db
from app.record.receipts import counted_receipts, subject_of
from app.votes.models import Vote

bp = Blueprint("record", __name__)


def load_vote(vote_id: int) -> Vote:
    vote = db.session.get(Vote, vote_id)
    if vote is None or not policy.can_read(current_user):
        abort(404)
    return vote


def receipts_of(vote: Vote) -> list[str]:
    """A cancelled vote counted nothing: its receipts stay in the database, not in the list."""
    if vote.status == "cancelled":
        return []
    return [row.receipt for row in db.session.scalars(counted_receipts(vote.id))]


@bp.route("/votes/<int:vote_id>/receipts")
def receipts(vote_id: int):
    vote = load_vote(vote_id)
    return render_template("votes/receipts.html", vote=vote, title=subject_of(vote), receipts=receipts_of(vote))
