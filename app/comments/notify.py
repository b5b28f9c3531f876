"""Telling people that someone answered them."""
from __future__ import annotations

from app.comments.models import Comment
from app.comments.notices import REPLY
from app.comments.services import reply_recipients
from app.db_types import utcnow
from app.notifications.services import notify


def tell_about_reply(parent: Comment, reply: Comment, *, url: str) -> None:
    """The thread's author and earlier repliers hear of a new reply (not its own author)."""
    notify(reply_recipients(parent), kind=REPLY, url=url, now=utcnow(), exclude=reply.author,
           params={"name": reply.author.name})
