"""Setting a document's voting rules (the votes already open keep their own copy)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.documents.models import Document
from app.audit.services import record as audit
from app.errors import Invalid
from app.extensions import db


def set_rules(document: Document, *, quorum: float | None = None, threshold: float | None = None,
              discussion_days: float | None = None, voting_days: float | None = None,
              secret_ballots: bool | None = None, proxies_per_holder: int | None = None) -> Document:
    """Change the rules given; fractions between 0 and 1, periods in (possibly fractional) days."""
    if quorum is not None and not 0 <= quorum <= 1:
        raise Invalid(_("The quorum must be between 0 and 1 (e.g. 0.5 for half)."), code="invalid_quorum")
    if threshold is not None and not 0.5 <= threshold <= 1:
        raise Invalid(_("The threshold must be between 0.5 and 1 (e.g. 0.6667 for two thirds)."),
                      code="invalid_threshold")
    for value in (discussion_days, voting_days):
        if value is not None and not 0 <= value <= 365:
            raise Invalid(_("Periods are between 0 and 365 days."), code="invalid_period")
    if voting_days is not None and voting_days <= 0:
        raise Invalid(_("The voting period must be longer than zero."), code="invalid_period")
    if proxies_per_holder is not None and not 0 <= proxies_per_holder <= 100:
        raise Invalid(_("The number of proxies one organisation may hold is between 0 and 100."),
                      code="invalid_proxies")
    changes = {"quorum": quorum, "threshold": threshold, "discussion_days": discussion_days,
               "voting_days": voting_days, "secret_ballots": secret_ballots,
               "proxies_per_holder": proxies_per_holder}
    for name, value in changes.items():
        if value is not None:
            setattr(document, name, value)
    db.session.flush()
    audit("rules.changed", document, **{name: value for name, value in changes.items() if value is not None})
    return document
