"""What delegates are told when the members vote on an organisation's application."""
from __future__ import annotations

from flask_babel import gettext as _

from app.notifications.kinds import Kind, define
from app.votes.notices import OPENING

MEMBERSHIP_VOTE_OPENED = define(Kind(
    "membership_vote_opened",
    sentence=lambda params: _("A membership vote is open on the application of %(name)s: your organisation can "
                              "cast its ballot.", name=params["name"]),
    subject=lambda params: _("Membership vote open: %(name)s", name=params["name"]),
    choice=OPENING))  # chosen with the other votes on the account page
