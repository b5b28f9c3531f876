"""Two-factor authentication: the log-in step, and turning it on and off from the account page."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import login_flow, second_factor, services
from app.auth.forms import ReauthenticateForm, TwoFactorCodeForm, TwoFactorOffForm
from app.auth.limits import failures_per_address, login_failed
from app.auth.views import account_page
from app.db_types import utcnow
from app.extensions import limiter
from app.urls import safe_next

bp = Blueprint("two_factor", __name__)


def half_logged_in_key() -> str:
    """Failures are counted per person half-way through logging in (the address is counted apart)."""
    data = session.get(login_flow.PENDING)
    return "two-factor:" + (str(data.get("person")) if isinstance(data, dict) else "")


failures_per_person = limiter.shared_limit(lambda: current_app.config["LOGIN_FAILURE_LIMIT"], scope="two-factor",
                                           methods=["POST"], key_func=half_logged_in_key, deduct_when=login_failed)


def wrong_code() -> str:
    return _("This code is not the one of your app, nor an unused recovery code.")


@bp.route("/login/two-factor", methods=["GET", "POST"])
@failures_per_address
@failures_per_person
def challenge():
    found = login_flow.pending(utcnow())
    if found is None:
        login_flow.forget_pending()
        flash(_("Log in again: the second step waits five minutes at most."), "info")
        return redirect(url_for("auth.login"))
    person, data = found
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if second_factor.check_any(person, form.code.data, now=utcnow()):
            login_flow.finish(person, method=f"{data['method']}+totp", remember=bool(data.get("remember")))
            flash(_("Welcome, %(name)s.", name=person.name), "success")
            return redirect(safe_next(data.get("next"), url_for("main.home")))
        g.login_failed = True
        form.code.errors.append(wrong_code())
    status = 401 if g.get("login_failed") else 422 if form.errors else 200
    return render_template("auth/two_factor.html", form=form), status


def setup_page(form: TwoFactorCodeForm):
    uri = second_factor.provisioning_uri(current_user)
    secret = second_factor.secret_of(current_user)
    return render_template("auth/two_factor_setup.html", form=form,
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                           qr=second_factor.qr_svg(uri, _("QR code to scan with your authenticator app")))


def password_is_right(form) -> bool:
    if services.authenticate(current_user.email, form.current_password.data) is None:
        form.current_password.errors.append(_("This is not your current password."))
        return False
    return True


@bp.route("/account/two-factor/start", methods=["POST"])
@login_required
def start():
    if current_user.has_second_factor:
        return redirect(url_for("auth.account") + "#two-factor")
    form = ReauthenticateForm(prefix="tf")
    if form.validate_on_submit() and password_is_right(form):
        second_factor.start(current_user)
        return setup_page(TwoFactorCodeForm(prefix="confirm", formdata=None))
    return account_page(two_factor_form=form), 422


@bp.route("/account/two-factor/confirm", methods=["POST"])
@login_required
def confirm():
    if current_user.has_second_factor or not current_user.totp_sealed_secret:
        return redirect(url_for("auth.account") + "#two-factor")
    form = TwoFactorCodeForm(prefix="confirm")
    if form.validate_on_submit():
        codes = second_factor.confirm(current_user, form.code.data, now=utcnow())
        if codes is not None:
            return render_template("auth/recovery_codes.html", codes=codes, first=True)
        form.code.errors.append(_("This is not the code your app shows now: check its clock, and type the six "
                                  "digits it shows."))
    return setup_page(form), 422


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
def recovery_codes():
    if not current_user.has_second_factor:
        return redirect(url_for("auth.account") + "#two-factor")
    form = ReauthenticateForm(prefix="tf")
    if form.validate_on_submit() and password_is_right(form):
        codes = second_factor.new_recovery_codes(current_user, now=utcnow())
        return render_template("auth/recovery_codes.html", codes=codes, first=False)
    return account_page(two_factor_form=form), 422


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
def turn_off():
    if not current_user.has_second_factor:
        return redirect(url_for("auth.account") + "#two-factor")
    form = TwoFactorOffForm(prefix="tfoff")
    if second_factor.required_for(current_user):
        form.validate_on_submit()
        form.code.errors.append(_("This instance requires two-factor authentication of facilitators: it stays on."))
    elif form.validate_on_submit() and password_is_right(form):
        if second_factor.check_any(current_user, form.code.data, now=utcnow()):
            second_factor.turn_off(current_user, now=utcnow())
            flash(_("Two-factor authentication is off."), "success")
            return redirect(url_for("auth.account") + "#two-factor")
        form.code.errors.append(wrong_code())
    return account_page(two_factor_off_form=form), 422
