"""“Forgot your password?”: ask for a link, then choose a new password with it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from app.auth import reset, reset_limits
from app.auth.forms import ResetPasswordForm, ResetRequestForm
from app.db_types import utcnow
from app.errors import PalabreError

bp = Blueprint("reset", __name__)


def the_answer() -> str:
    """What anyone who asks is told, whether the address is known or not."""
    return _("If an account has this address, a link to choose a new password is on its way to it. It works once, "
             "for an hour. Nothing comes? Check the address, and your spam folder.")


@bp.route("/password-reset", methods=["GET", "POST"])
@reset_limits.per_client
@reset_limits.per_address
def request_link():
    form = ResetRequestForm()
    if form.validate_on_submit():
        reset.ask(form.email.data)
        return render_template("reset/sent.html", message=the_answer())
    return render_template("reset/request.html", form=form), 422 if form.errors else 200


@bp.route("/password-reset/<secret>", methods=["GET", "POST"])
def choose_password(secret: str):
    link = reset.find_open(secret, now=utcnow())
    if link is None:
        abort(404, description=_("This link is unknown, already used or expired (it works once, for an hour). "
                                 "Ask for a new one from the log-in page."))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset.use(link, form.password.data, now=utcnow(), address=request.remote_addr or "")
        except PalabreError as error:
            form.password.errors.append(error.message)
        else:
            logout_user()
            flash(_("Your password is changed, and every other session and API token of yours is logged out. "
                    "Log in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("reset/choose.html", form=form, email=link.person.email), 422 if form.errors else 200
