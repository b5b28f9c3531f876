"""Signals other capabilities listen to, so that documents need not know about them."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the new Version (and `previous`, the Version it follows, or None) once it is flushed:
# comment threads are carried forward to it (see app/comments/carry.py).
version_created = _signals.signal("version-created")
