"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API (agrees with shared API.md)."""
from __future__ import annotations

from functools import cache

from flask import request

from app.api import bp
from app.api.openapi_paths import PATHS
from app.api.openapi_schemas import SCHEMAS


@cache
def description() -> dict:
    """The whole description; the server URL is added per request."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Palabre API", "version": "1"},
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "A token from POST /api/v1/tokens."}},
        },
    }


@bp.route("/openapi.json")
def openapi():
    return {**description(), "servers": [{"url": request.url_root.rstrip("/") + bp.url_prefix}]}
