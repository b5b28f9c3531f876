"""Reading threads for pages and the API, in a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app import policy
from app.comments.models import Comment, CommentAnchor, CommentEdit
from app.documents.models import Version
from app.errors import NotFound
from app.extensions import db


@dataclass
class PlacedThread:
    """A thread as it stands in one version: its clause (None when outdated) and passage."""

    comment: Comment
    clause_id: str | None
    is_outdated: bool

    @property
    def status(self) -> str:
        if self.comment.is_hidden:
            return "hidden"
        return "outdated" if self.is_outdated else self.comment.status


def get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(_("There is no comment number %(n)d.", n=comment_id), code="comment_not_found")
    return comment


def get_visible_comment(comment_id: int, reader) -> Comment:
    """The comment, or a 404 for a reader who may not read what it is on (a draft): as if it did not exist."""
    comment = get_comment(comment_id)
    if not policy.can_see_comment(reader, comment):
        raise NotFound(_("There is no comment number %(n)d.", n=comment_id), code="comment_not_found")
    return comment


def _thread_options():
    return (joinedload(Comment.author), joinedload(Comment.organisation),
            selectinload(Comment.replies).joinedload(Comment.author))


def threads_in_version(version: Version) -> list[PlacedThread]:
    """Every thread anchored in this version (written on it or carried to it)."""
    rows = db.session.execute(
        select(CommentAnchor, Comment).join(Comment, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.holds_in(version)).options(*_thread_options())
        .order_by(Comment.created_at, Comment.id)
    ).unique().all()
    return [PlacedThread(comment, anchor.clause_id, anchor.is_outdated) for anchor, comment in rows]


def threads_of_clause(version: Version, clause_id: str) -> list[PlacedThread]:
    """The threads standing in one clause of this version (not the outdated ones): the clause's discussion
    and the margin's fragment read these alone, through the anchors' (document, version, clause) index,
    where grouping every thread of a congress text would load thousands to show a few."""
    rows = db.session.execute(
        select(CommentAnchor, Comment).join(Comment, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.holds_in(version), CommentAnchor.clause_id == clause_id,
               CommentAnchor.is_outdated.is_(False)).options(*_thread_options())
        .order_by(Comment.created_at, Comment.id)
    ).unique().all()
    return [PlacedThread(comment, anchor.clause_id, anchor.is_outdated) for anchor, comment in rows]


def threads_by_clause(version: Version) -> dict[str | None, list[PlacedThread]]:
    """Threads grouped by clause for the margin (None: outdated). Cached for the request."""
    cache = g.setdefault("threads_by_clause", {})
    if version.id not in cache:
        grouped: dict[str | None, list[PlacedThread]] = {}
        for thread in threads_in_version(version):
            grouped.setdefault(None if thread.is_outdated else thread.clause_id, []).append(thread)
        cache[version.id] = grouped
    return cache[version.id]


def thread_counts_by_clause(version: Version) -> dict[str, tuple[int, int]]:
    """clause id -> (open threads, all threads) in this version: what the text's margin shows."""
    rows = db.session.execute(
        select(CommentAnchor.clause_id, Comment.status, Comment.hidden_at)
        .join(Comment, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.holds_in(version), CommentAnchor.is_outdated.is_(False))
    ).all()
    counts: dict[str, tuple[int, int]] = {}
    for clause_id, status, hidden_at in rows:
        open_count, total = counts.get(clause_id, (0, 0))
        counts[clause_id] = (open_count + (status == "open" and hidden_at is None), total + 1)
    return counts


def _threads_where(condition) -> list[Comment]:
    """The threads of a discussion with their replies, in one query however many there are (a selectin of
    the replies would be cut into chunks of 500 threads: more queries the longer the discussion). Replies
    carry their discussion (`condition`) as their thread does."""
    comments = db.session.scalars(
        select(Comment).where(condition).options(joinedload(Comment.author), joinedload(Comment.organisation))
        .order_by(Comment.created_at, Comment.id)).unique().all()
    replies: dict[int, list[Comment]] = {}
    for comment in sorted(comments, key=lambda comment: comment.id):
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        set_committed_value(comment, "replies", replies.get(comment.id, []))
    return [comment for comment in comments if comment.parent_id is None]


def threads_of_amendment(amendment_id: int) -> list[Comment]:
    return _threads_where(Comment.amendment_id == amendment_id)


def threads_of_application(application_id: int) -> list[Comment]:
    """The discussion of an application to join (it belongs to no text)."""
    return _threads_where(Comment.application_id == application_id)


def replies_flat(threads: list[Comment]) -> list[Comment]:
    """Thread starters followed by their replies, for the API listings."""
    flat: list[Comment] = []
    for thread in threads:
        flat.append(thread)
        flat.extend(thread.replies)
    return flat


def edits_of(comment: Comment) -> list[CommentEdit]:
    return list(db.session.scalars(select(CommentEdit).where(CommentEdit.comment_id == comment.id)
                                   .order_by(CommentEdit.id)))
