"""The contact of an application confirms their e-mail address with a signed, expiring link."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, flash, g, redirect, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.audit.services import record as audit
from app.db_types import utcnow
from app.errors import NotFound
from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import absolute, one_line, remember
from app.members.application_models import Application

bp = Blueprint("confirmations", __name__)

SALT = "application-contact-email"
VALID_DAYS = 7


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(application: Application) -> str:
    """Signed with the address: a token stops working if the contact's address changes."""
    return serializer().dumps({"application": application.id, "email": application.contact.email})


def send_confirmation(application: Application, *, now: datetime) -> OutboxMail:
    """Queue the e-mail with the confirmation link (sent after the request's commit)."""
    from app.notifications.services import app_path

    contact = application.contact
    link = absolute(app_path("confirmations.confirm", application_id=application.id, token=token_for(application)))
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


def check_token(application: Application, token: str) -> bool:
    try:
        data = serializer().loads(token, max_age=VALID_DAYS * 86400)
    except BadSignature:  # also SignatureExpired
        return False
    return data == {"application": application.id, "email": application.contact.email}


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
    if not check_token(application, token):
        flash(_("This confirmation link is not valid or has expired."), "error")
    else:
        confirm_contact(application, now=utcnow())
        flash(_("Thank you: your e-mail address is confirmed."), "success")
    return redirect(url_for("applications.show", application_id=application.id))
