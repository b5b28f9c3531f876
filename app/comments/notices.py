"""What people are told when someone answers them in a discussion."""
from __future__ import annotations

from flask_babel import gettext as _

from app.notifications.kinds import Kind, choice, define

REPLIES = choice("reply", lambda: _("Someone replies to my comment"), order=30)

REPLY = define(Kind(
    "reply",
    sentence=lambda params: _("%(name)s replied in a discussion you take part in.", name=params["name"]),
    subject=lambda params: _("%(name)s replied to you", name=params["name"]),
    choice=REPLIES))
