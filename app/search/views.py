"""The search page, reached from the box in every page's header."""
from __future__ import annotations

from math import ceil

from flask import Blueprint, render_template, request
from markupsafe import Markup

from app.search import results
from app.search.models import KINDS
from app.search.queries import MAX_QUERY_CHARS, search
from app.urls import page_number

bp = Blueprint("search", __name__)
PER_PAGE = 20


@bp.route("/search")
def index():
    query = request.args.get("q", "")[:MAX_QUERY_CHARS]
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else ""
    page = page_number()
    found, total = search(query, kind=kind or None, page=page, per_page=PER_PAGE) if query.strip() else ([], 0)
    rows = [{"kind": results.kind_label(item.entry.kind), "title": results.result_title(item),
             "url": results.result_url(item), "snippet": Markup(item.snippet)} for item in found]
    return render_template("search/index.html", query=query, kind=kind, kinds=results.kind_choices(), rows=rows,
                           total=total, page=page, pages=max(ceil(total / PER_PAGE), 1))
