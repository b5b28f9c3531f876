"""What followers are told: a new amendment, a new comment, an outcome, on what they follow.

One kind ("followed") with an `event` among its parameters, so that one e-mail choice covers them all.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.amendments.states import status_label
from app.applications.lifecycle import status_label as application_status_label
from app.notifications.kinds import Kind, choice, define

FOLLOWING = choice("followed", lambda: _("Something new on a text, clause or amendment I follow"), order=50)


def outcome_words(outcome: str) -> str:
    return {"accepted": _("adopted"), "rejected": _("rejected"), "no_quorum": _("no quorum")}.get(outcome, outcome)


def sentence(params: dict) -> str:
    """What the notification says, in the reader's language."""
    event = params.get("event")
    if event == "new_amendment":
        return _("A new amendment concerns what you follow: “%(title)s”.", title=params["title"])
    if event == "new_comment":
        return _("%(name)s commented on “%(title)s”, which you follow.", name=params["name"], title=params["title"])
    if event == "vote_opened":
        return _("A vote is open on “%(title)s”, which you follow.", title=params["title"])
    if event == "new_version":
        return _("Version %(number)d of “%(title)s”, which you follow, is out.", number=params["number"],
                 title=params["title"])
    if event == "application_outcome":
        return _("The application of %(name)s, which you follow, is now: %(status)s.", name=params["name"],
                 status=application_status_label(params["status"]))
    if event == "ratification_outcome":
        return _("The vote ratifying version %(number)d of “%(title)s”, which you follow, is closed: %(outcome)s.",
                 number=params["number"], title=params["title"], outcome=outcome_words(params["outcome"]))
    return _("The amendment “%(title)s”, which you follow, is now: %(status)s.", title=params["title"],
             status=status_label(params["status"]))


def subject(params: dict) -> str:
    """The subject of its e-mail."""
    event = params.get("event")
    if event == "new_amendment":
        return _("New amendment: %(title)s", title=params["title"])
    if event == "new_comment":
        return _("New comment on %(title)s", title=params["title"])
    if event == "vote_opened":
        return _("Vote open on %(title)s", title=params["title"])
    if event == "new_version":
        return _("Version %(number)d of %(title)s", number=params["number"], title=params["title"])
    if event == "application_outcome":
        return _("Outcome of an application you follow: %(name)s", name=params["name"])
    if event == "ratification_outcome":
        return _("Ratification of version %(number)d of %(title)s", number=params["number"], title=params["title"])
    return _("Outcome of an amendment you follow: %(title)s", title=params["title"])


def why(_params: dict) -> str:
    """Why the reader gets it, and how to stop (said in the mail)."""
    return _("You get this e-mail because you follow this text, clause, amendment or application (authors and "
             "commenters follow what they wrote). Stop following it from its page, or choose your e-mails on your "
             "account page.")


FOLLOWED = define(Kind("followed", sentence=sentence, subject=subject, choice=FOLLOWING, why=why))
