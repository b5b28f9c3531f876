"""Your sessions and tokens (account page): end any of them, or make a token after logging in (second factor
included)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.audit.services import record as audit
from app.auth import services, sessions
from app.auth.models import AccountSession, ApiToken
from app.auth.two_factor_views import password_is_right
from app.auth.forms import ReauthenticateForm
from app.auth.views import account_page
from app.db_types import utcnow
from app.extensions import db
from app.forms import EmptyForm

bp = Blueprint("sessions", __name__, url_prefix="/account")


def own(model, row_id: int):
    """A row of the logged-in person, or 404 (another's is not even said to exist)."""
    row = db.session.get(model, row_id)
    if row is None or row.person_id != current_user.id:
        abort(404)
    return row


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    row = own(AccountSession, session_id)
    if EmptyForm().validate_on_submit():
        sessions.end_session(row, now=utcnow())
        audit("account.session_ended", current_user, by=current_user, public=False, session=row.id)
        if row is sessions.current_session():
            logout_user()
            flash(_("You are logged out."), "info")
            return redirect(url_for("main.home"))
        flash(_("That session is logged out."), "success")
    return redirect(url_for("auth.account") + "#sessions")


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        sessions.end_sessions_of(current_user, now=utcnow(), keep=sessions.current_session())
        audit("account.session_ended", current_user, by=current_user, public=False, session="others")
        flash(_("Every other session of yours is logged out."), "success")
    return redirect(url_for("auth.account") + "#sessions")


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    row = own(ApiToken, token_id)
    if EmptyForm().validate_on_submit():
        services.revoke_token(row, now=utcnow())
        flash(_("That API token is revoked."), "success")
    return redirect(url_for("auth.account") + "#tokens")


@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    """A token for a script, shown once; the password is asked again (the session passed the second factor)."""
    form = ReauthenticateForm(prefix="tok")
    if form.validate_on_submit() and password_is_right(form):
        secret = services.issue_token(current_user, now=utcnow(), client=_("made on the account page"),
                                      address=sessions.client_of_request()[1])
        return render_template("auth/new_token.html", token=secret)
    return account_page(token_form=form), 422
