"""The contact of an application confirms their e-mail address with a signed, expiring link; their account is
made then, from what the application keeps (app/applications/models.py).

An address already registered gets, instead of the link, a mail saying so: the person applying learns nothing
from the answer, only the owner of the address does (issue 22.15).
"""
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
from app.collective import identity
from app.auth.services import create_person, find_person
from app.db_types import utcnow
from app.errors import Conflict, NotFound, PalabreError
from app.extensions import db
from app.mail.models import OutboxMail
from app.applications.models import Application
from app.mail.services import holds_a_link, mail_link, one_line, remember
from app.members.forms import SendLinkAgainForm
from app.members.models import Person
from app.urls import app_path
from app.watches.services import follow, target_of_application

bp = Blueprint("confirmations", __name__)

SALT = "application-contact-email"
VALID_DAYS = 7
RESEND_MINUTES = 5  # at most one new link per application in this many minutes
CONFIRMATION_MAIL = holds_a_link("confirmation")  # its link is forgotten once sent


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(application: Application) -> str:
    """Signed with the address: a token stops working if the contact's address changes."""
    return serializer().dumps({"application": application.id, "email": application.contact_email})


def send_confirmation(application: Application, *, now: datetime) -> OutboxMail:
    """Queue the e-mail with the confirmation link (sent after the request's commit), or, when the address
    belongs to someone else's account, the e-mail telling its owner."""
    owner = find_person(application.contact_email)
    if owner is not None and owner.id != application.contact_id:
        return queue(application, *address_taken_mail(application, owner), person_id=owner.id, now=now)
    link = mail_link(app_path("confirmations.confirm", application_id=application.id, token=token_for(application)))
    with force_locale(application.contact_language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("Confirm your e-mail address for the application of %(name)s",
                             name=application.organisation.name))
        body = _("Hello %(name)s, please confirm your address by opening this link (valid %(days)d days); the "
                 "member organisations can vote on your application once it is confirmed, and you can then log "
                 "in with this address and the password you chose:",
                 name=application.contact_name, days=VALID_DAYS) + f"\n\n{link}\n"
    return queue(application, subject, body, person_id=application.contact_id, now=now)


def address_taken_mail(application: Application, owner: Person) -> tuple[str, str]:
    """What the owner of an address hears when an application gives it: no link, since the account exists."""
    site = identity.site_name()
    page = mail_link(app_path("applications.show", application_id=application.id))
    reset = mail_link(app_path("reset.request_link"))
    with force_locale(owner.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("An application to %(site)s gave your e-mail address", site=site))
        body = _("Hello %(name)s, the application of %(organisation)s to join %(site)s gives this address for its "
                 "contact. The address already belongs to your account, and an account can be the contact of only "
                 "one application, so this one cannot go on with it.\n\nIf it was you: log in with your account "
                 "(if you forgot its password, choose a new one: %(reset)s) and write to the facilitators, or apply "
                 "again with another address. If it was not you, there is nothing to do: your account is "
                 "unchanged.\n\nThe application: %(page)s",
                 name=owner.name, organisation=application.organisation.name, site=site, reset=reset, page=page) + "\n"
    return subject, body


def queue(application: Application, subject: str, body: str, *, person_id: int | None, now: datetime) -> OutboxMail:
    row = OutboxMail(to_address=application.contact_email, subject=subject, text_body=body, kind=CONFIRMATION_MAIL,
                     ref=f"application:{application.id}", person_id=person_id, created_at=now)
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
    return "valid" if data == {"application": application.id, "email": application.contact_email} else "invalid"


def holds_link(application: Application, token: str | None) -> bool:
    """Whether `token` is a link e-mailed to this application's contact at their address, however old."""
    try:
        data = serializer().loads(token or "")
    except BadSignature:
        return False
    return data == {"application": application.id, "email": application.contact_email}


def last_sent_at(application: Application) -> datetime | None:
    """When the latest confirmation link for this application was queued."""
    return db.session.scalar(select(func.max(OutboxMail.created_at)).where(
        OutboxMail.kind == CONFIRMATION_MAIL, OutboxMail.ref == f"application:{application.id}"))


def send_again(application: Application, *, by: Person | None, now: datetime) -> OutboxMail:
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
    """The address is proven: the contact's account is made (a candidate of the organisation, not a delegate
    until accepted) and follows the application, to hear of its comments and its vote."""
    if application.contact_confirmed_at is not None:
        return
    if application.contact is None:
        application.contact = contact_account(application)
        application.contact_password_hash = None
        follow(application.contact, target_of_application(application), now=now)
    application.contact_confirmed_at = now
    audit("membership.contact_confirmed", application, by=application.contact, now=now)
    db.session.flush()


def contact_account(application: Application) -> Person:
    if find_person(application.contact_email) is not None:  # made since the application, by an invitation
        raise Conflict(_("The address %(email)s now belongs to an account, which cannot be the contact of this "
                         "application: please write to the facilitators.", email=application.contact_email),
                       code="duplicate")
    person = create_person(application.contact_email, application.contact_name,
                           organisation=application.organisation, language=application.contact_language)
    person.password_hash = application.contact_password_hash
    return person


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
        try:
            confirm_contact(application, now=utcnow())
        except Conflict as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
        else:
            flash(_("Thank you: your e-mail address is confirmed. You can now log in with it to follow your "
                    "application."), "success")
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
