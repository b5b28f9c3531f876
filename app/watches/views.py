"""The follow / stop following buttons shown beside a text, a clause, an amendment and an application."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.db_types import utcnow
from app.urls import safe_next
from app.watches import services
from app.watches.targets import resolve

bp = Blueprint("watches", __name__)


def requested_target() -> dict:
    if not policy.can_follow(current_user):
        abort(403)
    return resolve(current_user, document=request.form.get("document"), clause=request.form.get("clause"),
                   amendment=request.form.get("amendment"), application=request.form.get("application"))


@bp.app_context_processor
def follow_helpers() -> dict:
    def is_following(*, document=None, clause_id=None, amendment=None, application=None) -> bool:
        target = (services.target_of_application(application) if application is not None
                  else services.target_of(document, clause_id=clause_id, amendment=amendment))
        return services.is_following(current_user, target)
    return {"is_following": is_following}


@bp.route("/follow", methods=["POST"])
@login_required
def follow():
    services.follow(current_user, requested_target(), now=utcnow())
    flash(_("You follow it now: you will be told of what is new (in the app, and by e-mail as you chose)."), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.route("/unfollow", methods=["POST"])
@login_required
def unfollow():
    services.unfollow(current_user, requested_target())
    flash(_("You no longer follow it."), "success")
    return redirect(safe_next(request.form.get("next")))
