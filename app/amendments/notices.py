"""What an author is told when their amendment is adopted, rejected or needs an update."""
from __future__ import annotations

from flask_babel import gettext as _

from app.amendments.states import status_label
from app.notifications.kinds import Kind, choice, define

OUTCOMES = choice("amendment_outcome", lambda: _("My amendment is adopted, rejected or needs an update"), order=40)

AMENDMENT_OUTCOME = define(Kind(
    "amendment_outcome",
    sentence=lambda params: _("Your amendment “%(title)s” is now: %(status)s.", title=params["title"],
                              status=status_label(params["status"])),
    subject=lambda params: _("Your amendment: %(title)s", title=params["title"]),
    choice=OUTCOMES))
