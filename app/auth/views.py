"""Log in, log out, the account page, invitations and the language switch."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import resume as resuming
from app.auth import services
from app.auth.forms import AcceptInvitationForm, AccountForm, LoginForm, PasswordForm, ResumeForm
from app.auth.limits import failures_per_address, failures_per_email
from app.database import reading_first
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import csrf
from app.forms import EmptyForm, LanguageForm
from app.mail import services as mail_services
from app.mail.forms import MailPreferencesForm
from app.notifications import kinds
from app.oneline import one_line
from app.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@failures_per_address
@failures_per_email
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        with reading_first():
            person = services.authenticate(form.email.data, form.password.data)
        if person is not None:
            login_user(person, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=person.name), "success")
            return redirect(safe_next(form.next.data, url_for("main.home")))
        g.login_failed = True
        form.password.errors.append(_("Wrong e-mail address or password."))
    status = 401 if g.get("login_failed") else 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/login/resume", methods=["POST"])
@csrf.exempt  # ResumeForm checks its own token, under its own name
@failures_per_address
@failures_per_email
def resume():
    """Log in again from the expired-session page; then the same POST goes back to its form (307)."""
    form = ResumeForm(prefix=resuming.PREFIX)
    if form.validate_on_submit():
        with reading_first():
            person = services.authenticate(form.email.data, form.password.data)
        if person is not None:
            login_user(person)
            target = safe_next(form.next.data, url_for("main.home"))
            if resuming.is_resumable(resuming.endpoint_of(target)):
                return redirect(target, code=307)
            return resuming.expired_page()  # a button, not a text: shown to send again
        g.login_failed = True
        form.password.errors.append(_("Wrong e-mail address or password."))
    refused_token = "resume_token" in form.errors  # a stale page: as any stale token, 400
    return resuming.expired_page(form, 401 if g.get("login_failed") else 400 if refused_token else 422)


@bp.route("/logout", methods=["POST"])
def logout():
    if EmptyForm().validate_on_submit():
        if current_user.is_authenticated:
            services.end_sessions(current_user)
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@resuming.resumable
@login_required
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = one_line(form.name.data) or current_user.name
        current_user.language = form.language.data
        session["language"] = form.language.data
        flash(_("Your account is saved."), "success")
        return redirect(url_for("auth.account"))
    status = 422 if form.errors else 200
    return render_template("auth/account.html", form=form, password_form=PasswordForm(prefix="pw"),
                           mail_form=mail_form()), status


def mail_form(formdata=None) -> MailPreferencesForm:
    """The mail preferences form, showing the person's current choices."""
    preference = mail_services.preference_of(current_user)
    chosen = {choice.name: choice.name not in preference.disabled for choice in kinds.choices()}
    return MailPreferencesForm.with_choices(prefix="mail", formdata=formdata, digest=preference.digest, **chosen)


@bp.route("/account/mail", methods=["POST"])
@login_required
def mail_preferences():
    form = MailPreferencesForm.with_choices(prefix="mail")
    if form.validate_on_submit():
        mail_services.set_preferences(current_user, digest=form.digest.data,
                                      enabled=[field.short_name for field in form.choice_fields
                                               if field.data])
        flash(_("Your e-mail preferences are saved."), "success")
    return redirect(url_for("auth.account") + "#mail")


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = AccountForm(obj=current_user, formdata=None)
    password_form = PasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        if services.authenticate(current_user.email, password_form.current_password.data) is None:
            password_form.current_password.errors.append(_("This is not your current password."))
        else:
            services.set_password(current_user, password_form.new_password.data)
            # The session version changed: log this session in again (with the object, not the proxy).
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Your other sessions are logged out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=password_form, mail_form=mail_form()), 422


@bp.route("/account/tokens/revoke", methods=["POST"])
@login_required
def revoke_tokens():
    """Every API token of this person stops working (a lost laptop, a script that leaked its token)."""
    if EmptyForm().validate_on_submit():
        services.revoke_tokens_of(current_user)
        flash(_("All your API tokens are revoked."), "success")
    return redirect(url_for("auth.account") + "#tokens")


@bp.route("/language", methods=["POST"])
@csrf.exempt
def set_language():
    # Visitors switch language without a CSRF token, so that reading pages never need a
    # session cookie (cacheable, no signing per request); for a logged-in person the choice
    # is saved to their account, so then the token is required as on every other form.
    if current_user.is_authenticated:
        csrf.protect()
    form = LanguageForm(meta={"csrf": False})
    target = safe_next(form.next.data, url_for("main.home"))
    if form.validate_on_submit() and form.language.data in current_app.config["LANGUAGES"]:
        session["language"] = form.language.data
        if current_user.is_authenticated:
            current_user.language = form.language.data
    return redirect(target)


@bp.route("/invitations/<secret>", methods=["GET", "POST"])
def accept_invitation(secret: str):
    invitation = services.find_open_invitation(secret, now=utcnow())
    if invitation is None:
        abort(404, description=_("This invitation link is unknown, already used or expired. Ask for a new one."))
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            person = services.accept_invitation(
                invitation, name=form.name.data, password=form.password.data, now=utcnow()
            )
        except PalabreError as error:
            form.name.errors.append(error.message)
        else:
            login_user(person)
            flash(_("Welcome to %(org)s, %(name)s.", org=invitation.organisation.name, name=person.name), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/invitation.html", form=form, invitation=invitation)
