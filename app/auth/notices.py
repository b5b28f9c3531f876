"""An e-mail to the person each time how they log in changes (ASVS 5.0, V6.3): a password changed or reset,
two-factor authentication turned on or off. Always sent, whatever the mail preferences: it is how someone learns
that another person got into their account."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.collective import identity
from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import mail_link, one_line, remember
from app.members.models import Person
from app.urls import app_path


def what_changed(event: str) -> str:
    return {
        "password_changed": _("Your password was changed."),
        "password_reset": _("Your password was reset with a link sent to this address, and every session and API "
                            "token of yours was logged out."),
        "two_factor_on": _("Two-factor authentication was turned on."),
        "two_factor_off": _("Two-factor authentication was turned off."),
    }[event]


def tell(person: Person, event: str, *, now: datetime) -> OutboxMail:
    """Queue the notice (sent after the request, in the person's language)."""
    site = identity.site_name()
    with force_locale(person.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("Your account on %(site)s changed", site=site))
        body = (what_changed(event) + "\n\n"
                + _("If it was not you, choose a new password now from the log-in page, and tell a facilitator:")
                + f"\n\n{mail_link(app_path('reset.request_link'))}\n")
    row = OutboxMail(to_address=person.email, subject=subject, text_body=body, kind="account_notice", created_at=now)
    db.session.add(row)
    db.session.flush()
    remember(row)
    return row
