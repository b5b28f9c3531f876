"""/me: what waits for the logged-in person (the home page shows the same summary)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.db_types import utcnow
from app.mypage.queries import waiting_for
from app.notifications.services import message_of
from app.votes.closing import close_due_votes

bp = Blueprint("mypage", __name__)


@bp.route("/me")
@login_required
def index():
    close_due_votes(utcnow())
    return render_template("mypage/index.html", waiting=waiting_for(current_user), message_of=message_of)
