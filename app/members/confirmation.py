"""The contact of an application confirms their e-mail address with a signed, expiring link."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app import policy
from app.audit.services import record as audit
from app.db_types import utcnow
from app.errors import Conflict, NotFound, PalabreError
from app.extensions import db
from app.mail.models import OutboxMail
from app.applications.models import Application
from app.mail.services import mail_link, one_line, remember
from app.members.forms import SendLinkAgainForm
from app.members.models import Person
from app.urls import app_path

bp = Blueprint("confirmations", __name__)

SALT = "application-contact-email"
VALID_DAYS = 7
RESEND_MINUTES = 5  # at most one new link per application in this many minutes


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(application: Application) -> str:
    """Signed with the address: a token stops working if the contact's address changes."""
    return serializer().dumps({"application": application.id, "email": application.contact.email})


def send_confirmation(application: Application, *, now: datetime) -> OutboxMail:
    """Queue the e-mail with the confirmation link (sent after the request's commit)."""
    contact = application.contact
    link = mail_link(app_path("confirmations.confirm", application_id=application.id, token=token_for(application)))
    with force_locale(contact.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("Confirm your e-mail address for the application of %(name)s",
                             name=application.organisation.name))
        body = _("Hello %(name)s, please confirm your address by opening this link (valid %(days)d days); the "
                 "member organisations can vote on your application once it is confirmed:",
                 name=contact.name, days=VALID_DAYS) + f"\n\n{link}\n"
    row = OutboxMail(to_address=contact.email, subject=subject, text_body=body, kind="confirmation",
                     ref=f"application:{application.id}", person_id=contact.id, created_at=now)
    db.session.add(row)
    db.session.flush()
    remember(row)
    return row


def link_state(application: Application, token: str) -> str:
    """"valid", "expired" (genuine, for this application and address, but too old) or "invalid"."""
    try:
        data = serializer().loads(token, max_age=VALID_DAYS * 86400)
    except SignatureExpired:
        return "expired" if holds_link(application, token) else "invalid"
    except BadSignature:
        return "invalid"
    return "valid" if data == {"application": application.id, "email": application.contact.email} else "invalid"


def holds_link(application: Application, token: str | None) -> bool:
    """Whether `token` is a link e-mailed to this application's contact at their address, however old."""
    try:
        data = serializer().loads(token or "")
    except BadSignature:
        return False
    return data == {"application": application.id, "email": application.contact.email}


def last_sent_at(application: Application) -> datetime | None:
    """When the latest confirmation link for this application was queued."""
    return db.session.scalar(select(func.max(OutboxMail.created_at)).where(
        OutboxMail.kind == "confirmation", OutboxMail.ref == f"application:{application.id}"))


def send_again(application: Application, *, by: Person, now: datetime) -> OutboxMail:
    """A fresh link for a contact whose link expired or went missing: at most one every RESEND_MINUTES."""
    if application.contact_confirmed_at is not None:
        raise Conflict(_("This e-mail address is already confirmed: there is nothing to send."),
                       code="already_confirmed")
    last = last_sent_at(application)
    if last is not None and now - last < timedelta(minutes=RESEND_MINUTES):
        raise PalabreError(_("A link was sent less than %(minutes)d minutes ago: please look in the mailbox (and "
                             "its spam folder), or ask again in a few minutes.", minutes=RESEND_MINUTES),
                           code="too_soon", status=429)
    row = send_confirmation(application, now=now)
    audit("membership.confirmation_sent_again", application, by=by, now=now)
    return row


def confirm_contact(application: Application, *, now: datetime) -> None:
    if application.contact_confirmed_at is None:
        application.contact_confirmed_at = now
        audit("membership.contact_confirmed", application, by=application.contact, now=now)
        db.session.flush()


@bp.route("/applications/<int:application_id>/confirm/<token>")
def confirm(application_id: int, token: str):
    # A link followed from a mailbox is a GET that writes: take SQLite's write lock up front.
    db.session.rollback()
    g.sqlite_write = True
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound(_("There is no application with this number."))
    state = link_state(application, token)
    if state == "expired" and application.contact_confirmed_at is None:
        return render_template("members/confirmation_expired.html", application=application, days=VALID_DAYS,
                               form=SendLinkAgainForm(token=token))
    if state != "valid":
        flash(_("This confirmation link is not valid or has expired."), "error")
    else:
        confirm_contact(application, now=utcnow())
        flash(_("Thank you: your e-mail address is confirmed."), "success")
    return redirect(url_for("applications.show", application_id=application.id))


@bp.route("/applications/<int:application_id>/confirm/again", methods=["POST"])
def send_link_again(application_id: int):
    """A new link to the contact, asked from the expired link's page or from the application's page."""
    # Locked (PostgreSQL) so that two clicks at once cannot both find no recent link and send two.
    application = db.session.get(Application, application_id, with_for_update=True)
    if application is None:
        raise NotFound(_("There is no application with this number."))
    form = SendLinkAgainForm()
    submitted = form.validate_on_submit()
    holds = submitted and holds_link(application, form.token.data)
    if not submitted or not policy.can_send_confirmation_again(current_user, application, holds_link=holds):
        abort(403)
    by = current_user._get_current_object() if current_user.is_authenticated else application.contact
    try:
        send_again(application, by=by, now=utcnow())
    except PalabreError as refusal:
        flash(refusal.message, "error" if refusal.status != 429 else "warning")
    else:
        flash(_("A new link is on its way to the contact's e-mail address; it is valid %(days)d days.",
                days=VALID_DAYS), "success")
    if not policy.can_read(current_user):
        return redirect(url_for("auth.login"))
    return redirect(url_for("applications.show", application_id=application.id))
