"""What facilitators are told, in the app only (mail is what failed), of an e-mail given up on."""
from __future__ import annotations

from flask_babel import gettext as _

from app.notifications.kinds import Kind, define

MAIL_DROPPED = define(Kind(
    "mail_dropped",
    sentence=lambda params: _("An e-mail to %(address)s (“%(subject)s”) could not be sent after %(attempts)d "
                              "attempts and will not be tried again: %(error)s", **params)))
