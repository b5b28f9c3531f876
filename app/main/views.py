"""The home page: what this collective is writing, what is being decided, and where to start."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents.queries import list_documents
from app.extensions import db
from app.members.models import Organisation
from app.mypage.queries import waiting_for
from app.notifications.services import message_of
from app.votes import queries as vote_queries
from app.votes.closing import close_due_votes

bp = Blueprint("main", __name__)


@dataclass
class Home:
    documents: list
    open_votes: list
    in_discussion: list


def in_discussion(limit: int = 5) -> list[Amendment]:
    return list(db.session.scalars(
        select(Amendment).where(Amendment.status == "discussion")
        .options(joinedload(Amendment.author), joinedload(Amendment.organisation), joinedload(Amendment.document))
        .order_by(Amendment.created_at.desc()).limit(limit)))


@bp.route("/")
def home():
    close_due_votes(utcnow())
    member_count = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.status == "member")
    )
    home = Home(list_documents(), vote_queries.open_votes(), in_discussion())
    # Logged in: what waits for them first (participation, issue 19.3).
    waiting = waiting_for(current_user, with_following=False) if current_user.is_authenticated else None
    return render_template("main/home.html", member_count=member_count, home=home, waiting=waiting,
                           message_of=message_of)


@bp.route("/healthz")
def healthz():
    """A trivial endpoint: liveness checks, and the hello-world baseline of the benchmarks."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
