"""Telling followers of news: a new amendment on what they follow, a new comment, an outcome.

One notification per event per person, whatever the number of paths by which they follow it
(the document, a clause, the amendment): `followers` returns each person once, and `notify`
skips who caused the event. Authors and commenters follow what they wrote (they may stop).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from app.amendments.models import Amendment
from app.comments.models import Comment
from app.extensions import db
from app.notifications.services import notify
from app.urls import app_path
from app.watches import services
from app.watches.notices import FOLLOWED


def tell_new_amendment(amendment: Amendment, *, now: datetime) -> int:
    """Followers of the document and of the clauses it changes hear of a new amendment (drafts: not yet)."""
    if amendment.status == "draft":
        return 0
    services.follow(amendment.author, services.target_of(amendment.document, amendment=amendment), now=now)
    people = services.followers(document_id=amendment.document_id,
                                clause_ids=services.clauses_of_amendment(amendment))
    return notify(people, kind=FOLLOWED, now=now, exclude=amendment.author,
                  url=app_path("amendments.show", amendment_id=amendment.id),
                  params={"event": "new_amendment", "title": amendment.title})


def thread_people(comment: Comment) -> set[int]:
    """Who hears of a reply as a reply (the thread's author and repliers): not told twice of it."""
    if comment.parent_id is None:
        return set()
    return {comment.author_id for comment in db.session.scalars(select(Comment).where(
        or_(Comment.id == comment.parent_id, Comment.parent_id == comment.parent_id)))}


def tell_new_comment(comment: Comment, *, now: datetime) -> int:
    """Followers of the amendment, or of the clause and its document, hear of a new comment."""
    amendment, document, author = comment.amendment, comment.document, comment.author
    if amendment is not None:
        services.follow(author, services.target_of(document, amendment=amendment), now=now)
        people = services.followers(document_id=document.id, amendment_id=amendment.id)
        title = amendment.title
    else:
        if comment.clause_id:
            services.follow(author, services.target_of(document, clause_id=comment.clause_id), now=now)
        people = services.followers(document_id=document.id, clause_ids=[comment.clause_id] if comment.clause_id else [])
        title = document.title
    told_as_reply = thread_people(comment)
    people = [person for person in people if person.id not in told_as_reply]
    return notify(people, kind=FOLLOWED, now=now, exclude=author, url=app_path("comments.permalink", comment_id=comment.id),
                  params={"event": "new_comment", "title": title, "name": author.name})


def tell_outcome(amendment: Amendment, *, now: datetime) -> int:
    """Followers of an amendment (and of the clauses it changes) hear how it ended (its author is told apart)."""
    people = services.followers(document_id=amendment.document_id, amendment_id=amendment.id,
                                clause_ids=services.clauses_of_amendment(amendment))
    return notify(people, kind=FOLLOWED, now=now, exclude=amendment.author,
                  url=app_path("amendments.show", amendment_id=amendment.id),
                  params={"event": "outcome", "title": amendment.title, "status": amendment.status})
