"""An entry's details in words: labels in the reader's language, dates and choices readable."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.templating import readable_time

# The keys that the page says in other words already (the change of state, the object's link).
SHOWN_ELSEWHERE = {"old", "new"}


def _labels() -> dict[str, str]:
    return {
        "title": _("title"), "choice": _("ballot"), "closes_at": _("closes on"), "amendment_id": _("amendment"),
        "application_id": _("application"), "organisation": _("organisation"), "reason": _("reason"),
        "note": _("note"), "outcome": _("outcome"), "counts": _("for / against / abstain"), "email": _("e-mail"),
        "roles": _("roles"), "invited": _("by invitation"), "summary": _("summary"), "number": _("version"),
        "quorum": _("quorum"), "threshold": _("threshold"), "discussion_days": _("discussion (days)"),
        "voting_days": _("voting (days)"), "secret_ballots": _("secret ballots"), "path": _("address"),
        "method": _("method"), "from_address": _("IP address"), "electorate": _("organisations in the electorate"),
        "to": _("to"), "by_proxy": _("by proxy"), "replaced_proxy": _("replaced a proxy"), "version_id": _("version"),
        "proxies_per_holder": _("proxies per organisation"),
    }


def _values() -> dict[str, str]:
    return {
        "for": _("for"), "against": _("against"), "abstain": _("abstain"), "adopted": _("adopted"),
        "rejected": _("rejected"), "no_quorum": _("no quorum"), "accepted": _("accepted"), "refused": _("refused"),
        "member": _("member"), "former": _("former member"), "candidate": _("candidate"),
    }


def readable(value, values: dict[str, str]) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return " / ".join(readable(item, values) for item in value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return values.get(value, value)
        return readable_time(moment, "medium") if "T" in value else value
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
        shown.append((labels.get(key, key.replace("_", " ")), readable(value, values)))
    return shown
