"""Entries of one amendment's feed: its comments and its state changes."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.amendments.states import status_label
from app.amendments.models import Amendment, AmendmentEvent
from app.comments.models import Comment
from app.extensions import db
from app.feeds.activity import LIMIT, amendment_url, byline
from app.feeds.atom import Entry


def comment_entries(amendment: Amendment) -> list[Entry]:
    """Visible comments: hidden and withdrawn ones stay out of feeds (a feed cannot take them back)."""
    comments = db.session.scalars(
        select(Comment).where(Comment.amendment_id == amendment.id, Comment.hidden_at.is_(None),
                              Comment.withdrawn_at.is_(None))
        .options(joinedload(Comment.author), joinedload(Comment.organisation))
        .order_by(Comment.created_at.desc()).limit(LIMIT))
    return [Entry(
        id=f"{amendment_url(amendment.id)}#comment-{c.id}", link=f"{amendment_url(amendment.id)}#comment-{c.id}",
        title=_("Comment by %(name)s", name=c.author.name), updated=c.created_at,
        author=byline(c.author, c.organisation), summary_html=c.body_html,
    ) for c in comments]


def event_entries(amendment: Amendment) -> list[Entry]:
    """State changes, except the private time as a draft."""
    events = db.session.scalars(
        select(AmendmentEvent).where(AmendmentEvent.amendment_id == amendment.id, AmendmentEvent.to_status != "draft")
        .options(joinedload(AmendmentEvent.by)).order_by(AmendmentEvent.created_at.desc()).limit(LIMIT))
    return [Entry(
        id=f"{amendment_url(amendment.id)}#event-{e.id}", link=amendment_url(amendment.id),
        title=_("%(title)s: now %(status)s", title=amendment.title, status=status_label(e.to_status)),
        updated=e.created_at, author=e.by.name if e.by else "Palabre", summary=e.note,
    ) for e in events]


def amendment_feed_entries(amendment: Amendment) -> list[Entry]:
    entries = comment_entries(amendment) + event_entries(amendment)
    return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:LIMIT]
