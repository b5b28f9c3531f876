"""The follow / stop following buttons shown beside a text, a clause, an amendment and an application."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.caching.shells import own_part, render_own
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


@dataclass(frozen=True)
class FollowedText:
    """What the button of a text or clause needs of the text: a kept page holds plain values, not rows."""
    id: int
    slug: str


@own_part("follow text")
def follow_text_button(document_id: int, slug: str, clause_id: str | None, back_to: str) -> str:
    """The reader's own follow button of a text or one of its clauses (in a page kept for many readers),
    which brings them back to `back_to`."""
    return render_own("watches/_button.html", document=FollowedText(document_id, slug), current_path=back_to,
                      follow_clause_id=clause_id, follow_amendment=None, **follow_helpers())


@dataclass(frozen=True)
class FollowedAmendment:
    """What the button of an amendment needs of it (the watch names its text too)."""
    id: int
    document_id: int


@own_part("follow amendment")
def follow_amendment_button(amendment_id: int, document_id: int, back_to: str) -> str:
    """The reader's own follow button of an amendment (its page is kept for many readers)."""
    return render_own("watches/_button.html", document=None, current_path=back_to, follow_clause_id=None,
                      follow_amendment=FollowedAmendment(amendment_id, document_id), **follow_helpers())


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
