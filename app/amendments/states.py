"""The words of an amendment's states, in the reader's language (a leaf: the notices and the lifecycle both need them)."""
from __future__ import annotations

from flask_babel import gettext as _


def status_label(status: str) -> str:
    """The word shown on a badge, in the reader's language."""
    return {
        "draft": _("draft"), "discussion": _("in discussion"), "voting": _("voting"),
        "accepted": _("adopted"), "rejected": _("rejected"), "withdrawn": _("withdrawn"),
        "needs_update": _("needs update"),
    }[status]
