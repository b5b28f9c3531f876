"""GET /api/v1/search: what the search page finds, as JSON."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from app.api import bp
from app.api.helpers import page_args
from app.errors import Invalid
from app.search.models import KINDS
from app.search.queries import MAX_QUERY_CHARS, search
from app.search.results import result_json


@bp.route("/search")
def search_everything():
    query = request.args.get("q", "")
    kind = request.args.get("kind") or None
    if not query.strip():
        raise Invalid(_("Say what to search for: ?q=<words>."), code="missing_query")
    if len(query) > MAX_QUERY_CHARS:
        raise Invalid(_("The search is longer than %(n)d characters.", n=MAX_QUERY_CHARS), code="too_long")
    if kind is not None and kind not in KINDS:
        raise Invalid(_("“%(kind)s” is not a kind of result: use %(kinds)s.", kind=kind, kinds=", ".join(KINDS)),
                      code="invalid_value")
    page, per_page = page_args()
    found, total = search(query, kind=kind, page=page, per_page=per_page)
    return {"items": [result_json(item) for item in found], "page": page, "per_page": per_page, "total": total}
