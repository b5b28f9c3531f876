"""The page behind a mail's one-click unsubscribe link (and the POST of RFC 8058's List-Unsubscribe-Post).

GET only asks (mail scanners and link previews open links: they must not unsubscribe anyone); POST does it.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from app.errors import NotFound
from app.extensions import csrf, db, limiter
from app.mail import services
from app.mail.unsubscribe import read_token
from app.members.models import Person
from app.notifications import kinds

bp = Blueprint("mail", __name__)


def choice_of(token: str) -> tuple[Person, kinds.MailChoice]:
    found = read_token(token)
    person = db.session.get(Person, found[0]) if found else None
    choice = kinds.CHOICES.get(found[1]) if found else None
    if person is None or choice is None:
        raise NotFound(_("This link to stop e-mails is not one of ours, or no longer works. Choose your e-mails "
                         "on your account page after logging in."), code="not_found")
    return person, choice


@bp.route("/mail/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the authority (one-click from the mail client carries no form token)
@limiter.limit("30 per minute")
def stop(token: str):
    person, choice = choice_of(token)
    if request.method == "GET":
        return render_template("mail/stop.html", choice=choice, done=False,
                               stopped=choice.name in services.preference_of(person).disabled)
    services.turn_off(person, choice.name)
    if request.form.get("List-Unsubscribe") == "One-Click":
        return _("You will no longer receive these e-mails."), 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("mail/stop.html", choice=choice, done=True, stopped=True)
