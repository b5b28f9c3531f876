"""What the demo needs from documents: their titles and the voting rules of demo.json.

The demo's versions themselves are replayed by app/demo/history.py (version 1 as written,
every later one from an accepted amendment).
"""
from __future__ import annotations

from app.documents.models import Document

TITLES = {"charte": "Charte", "manifeste": "Manifeste"}
RULE_FIELDS = ("quorum", "threshold", "discussion_days", "voting_days", "secret_ballots")


def apply_rules(document: Document, rules: dict) -> None:
    """The voting rules of demo.json (unknown keys are ignored)."""
    for name in RULE_FIELDS:
        if name in rules:
            setattr(document, name, rules[name])
