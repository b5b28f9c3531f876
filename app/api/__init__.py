"""The JSON API, /api/v1 (see shared API.md). Bearer tokens only, so no CSRF token needed."""
from __future__ import annotations

from flask import Blueprint

from app.api.helpers import current_caller
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def reject_bad_tokens():
    """A token that is sent must be valid, even where reading needs none (401 otherwise)."""
    current_caller()

from app.api import (accounts, amendments, comments, documents, openapi, organisations, record, search, tokens,  # noqa: E402,F401
                     votes, watches)  # (routes register on bp)
