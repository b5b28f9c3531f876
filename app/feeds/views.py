"""The feeds blueprint: /feeds/activity.atom, /documents/<slug>/feed.atom, /amendments/<id>/feed.atom."""
from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.amendments.views import load_visible
from app.collective import identity
from app.documents.queries import get_document
from app.feeds.activity import activity_entries
from app.feeds.atom import build_feed
from app.feeds.discussion import amendment_feed_entries
from app.mail.services import external_url

bp = Blueprint("feeds", __name__)

ATOM_TYPE = "application/atom+xml; charset=utf-8"


@bp.before_request
def readable_instance():
    """A private instance keeps its feeds private too."""
    if not policy.can_read(current_user):
        abort(404)


def atom_response(title: str, endpoint: str, page_url: str, entries, **values) -> Response:
    collective = identity.current()
    logo = external_url("collective.logo", version=collective.logo_version) if collective.logo_version else None
    body = build_feed(title=title, self_url=external_url(endpoint, **values),
                      page_url=page_url, entries=entries, author=collective.name, logo_url=logo)
    return Response(body, content_type=ATOM_TYPE)


@bp.route("/feeds/activity.atom")
def activity():
    return atom_response(_("%(site)s: the collective's activity", site=identity.site_name()), "feeds.activity",
                         external_url("main.home"), activity_entries())


@bp.route("/documents/<slug>/feed.atom")
def document(slug: str):
    doc = get_document(slug)
    return atom_response(doc.title, "feeds.document", external_url("documents.show", slug=slug),
                         activity_entries(doc), slug=slug)


@bp.route("/amendments/<int:amendment_id>/feed.atom")
def amendment(amendment_id: int):
    item = load_visible(amendment_id)
    return atom_response(_("Amendment: %(title)s", title=item.title), "feeds.amendment",
                         external_url("amendments.show", amendment_id=item.id),
                         amendment_feed_entries(item), amendment_id=item.id)
