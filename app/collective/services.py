"""What the pages, feeds, mails and exports call the collective."""
from __future__ import annotations

from flask import current_app


def collective_name() -> str:
    """The collective's name (PALABRE_NAME until the set-up page gave it one)."""
    return current_app.config["PALABRE_NAME"]
