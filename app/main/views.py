"""The home page: what this collective is writing, and where to start."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from app.extensions import db
from app.members.models import Organisation

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    member_count = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.status == "member")
    )
    return render_template("main/home.html", member_count=member_count)


@bp.route("/healthz")
def healthz():
    """A trivial endpoint: liveness checks, and the hello-world baseline of the benchmarks."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
