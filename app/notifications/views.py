"""The notifications page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.caching.shells import own_part, render_own
from app.db_types import utcnow
from app.forms import EmptyForm
from app.notifications import services

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    return render_template("notifications/index.html", notifications=services.recent(current_user),
                           message_of=services.message_of)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_read():
    if EmptyForm().validate_on_submit():
        services.mark_all_read(current_user, now=utcnow())
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@own_part("account tools")
def account_tools() -> str:
    """The header's part that is the logged-in reader's own: their unread count, name and log-out form."""
    return render_own("_partials/account_tools.html", unread=services.unread_count(current_user))

