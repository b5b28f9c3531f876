"""Whole numbers in API URLs beyond what a database integer holds are simply not found."""
from __future__ import annotations

from flask_babel import gettext as _

from app.api import bp
from app.errors import NotFound

# Ids are INTEGER columns: 32-bit on PostgreSQL, and a larger value crashes the driver (a 500).
LARGEST_ID = 2**31 - 1


@bp.url_value_preprocessor
def refuse_huge_ids(_endpoint, values) -> None:
    """404 for /amendments/99999999999999999999 rather than an OverflowError."""
    for value in (values or {}).values():
        if isinstance(value, int) and abs(value) > LARGEST_ID:
            raise NotFound(_("There is nothing with this number."), code="not_found")
