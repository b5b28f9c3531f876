"""Signals of the vote engine, so that what listens (the follows) need not be known by it."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the Vote once it is open and its electorate told: `subject` (what it decides), `handler`
# (its VoteSubject) and `now`.
vote_opened = _signals.signal("vote-opened")
