"""What delegates are told about votes: one opens for their organisation, one closes soon without its ballot."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.notifications.kinds import Kind, choice, define
from app.templating import readable_time

OPENING = choice("vote_opened", lambda: _("A vote opens for my organisation"), order=10)
CLOSING = choice("vote_closing", lambda: _("A vote closes within 24 hours and my organisation has not voted"),
                 order=20)

VOTE_OPENED = define(Kind(
    "vote_opened",
    sentence=lambda params: _("A vote is open on “%(title)s”: your organisation can cast its ballot.",
                              title=params["title"]),
    subject=lambda params: _("Vote open: %(title)s", title=params["title"]),
    choice=OPENING))

VOTE_CLOSING = define(Kind(
    "vote_closing",
    sentence=lambda params: _("The vote on “%(title)s” closes on %(when)s and your organisation has not cast its "
                              "ballot yet.", title=params["title"],
                              when=readable_time(datetime.fromisoformat(params["closes_at"]), "long")),
    subject=lambda params: _("The vote closes soon: %(title)s", title=params["title"]),
    choice=CLOSING))

VOTE_REMINDED = define(Kind(
    "vote_reminded",
    sentence=lambda params: _("Reminder from the facilitators: the vote on “%(title)s” closes on %(when)s and your "
                              "organisation has not cast its ballot yet.", title=params["title"],
                              when=readable_time(datetime.fromisoformat(params["closes_at"]), "long")),
    subject=lambda params: _("Reminder: your organisation has not voted on %(title)s", title=params["title"]),
    choice=CLOSING))
