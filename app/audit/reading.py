"""An entry's details in words: labels in the reader's language, dates and choices readable."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.templating import readable_time

# The keys that the page says in other words already (the change of state, the object's link).
SHOWN_ELSEWHERE = {"old", "new"}
# The only details that are times. Any other text is shown as typed, even when it looks like a date: an
# application named "9999-12-31T23:59:59+00:00" used to be converted to Paris time, overflow, and break the
# append-only record for everyone.
TIME_KEYS = frozenset({"closes_at", "opens_at", "closed_at"})


def _labels() -> dict[str, str]:
    return {
        "title": _("title"), "choice": _("ballot"), "closes_at": _("closes on"), "amendment_id": _("amendment"),
        "application_id": _("application"), "organisation": _("organisation"), "reason": _("reason"),
        "note": _("note"), "outcome": _("outcome"), "counts": _("for / against / abstain"), "email": _("e-mail"),
        "roles": _("roles"), "invited": _("by invitation"), "summary": _("summary"), "number": _("version"),
        "quorum": _("quorum"), "threshold": _("threshold"), "discussion_days": _("discussion (days)"),
        "voting_days": _("voting (days)"), "secret_ballots": _("secret ballots"), "path": _("address"),
        "method": _("method"), "from_address": _("IP address"), "sha256": "SHA-256", "chain": _("chain"),
        "electorate": _("organisations in the electorate"),
        "to": _("to"), "by_proxy": _("by proxy"), "replaced_proxy": _("replaced a proxy"), "version_id": _("version"),
        "proxies_per_holder": _("proxies per organisation"),
    }


def _values() -> dict[str, str]:
    return {
        "for": _("for"), "against": _("against"), "abstain": _("abstain"), "adopted": _("adopted"),
        "rejected": _("rejected"), "no_quorum": _("no quorum"), "accepted": _("accepted"), "refused": _("refused"),
        "member": _("member"), "former": _("former member"), "candidate": _("candidate"),
    }


def readable_moment(value: str) -> str:
    """A time detail in the reader's zone; as stored when it is not a time the app can show."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return readable_time(moment, "medium")


def readable(value, values: dict[str, str]) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return " / ".join(readable(item, values) for item in value)
    if isinstance(value, str):
        return values.get(value, value)
    return str(value)


def details(entry: AuditEntry) -> list[tuple[str, str]]:
    """(label, text) for each detail of the entry worth showing."""
    detail = json.loads(entry.detail_json or "{}")
    labels, values = _labels(), _values()
    shown = []
    for key, value in detail.items():
        if key in SHOWN_ELSEWHERE and entry.kind == "amendment.state_changed":
            continue
        if value in (None, "", []):
            continue
        text = readable_moment(value) if key in TIME_KEYS and isinstance(value, str) else readable(value, values)
        shown.append((labels.get(key, key.replace("_", " ")), text))
    return shown
