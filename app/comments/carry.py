"""Carrying comment threads from a version to the next one, stored once (never per page view).

A version costs what it changed: threads anchored in a clause whose words did not change
keep their anchor as is, copied in one INSERT … SELECT, and so do outdated threads; only
those anchored in changed or removed clauses go through the text engine.
"""
from __future__ import annotations

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
)

from app.comments.models import Comment, CommentAnchor
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.documents.signals import version_created
from app.extensions import db
from app.text.anchor import Anchor, reanchor

_COPIED = ["comment_id", "version_id", "clause_id", "quote_offset", "is_outdated"]


def carry_forward(previous: Version, new: Version) -> int:
    """Carry every thread of `previous` into `new`: same clause, found passage, or outdated.

    Resolved and hidden threads are carried like open ones, and shown as such: resolving a
    thread closes the discussion, it does not erase it from the text's history.
    """
    changes = clause_store.changes_of(new)
    moved = sorted(set(changes.previous_ids) - changes.unchanged)  # edited or removed clauses
    anchor, comment = CommentAnchor, Comment
    threads = and_(anchor.version_id == previous.id,
                   comment.document_id == previous.document_id)  # never an application's discussion
    clause_level = or_(func.coalesce(comment.quote, "") == "", comment.quote_offset.is_(None))
    outdated = or_(anchor.is_outdated.is_(True), anchor.clause_id.is_(None))
    # A thread in a clause whose words stayed: same clause, same offset (its passage is still there).
    still = and_(~outdated, or_(clause_level, anchor.quote_offset.is_not(None)))
    if len(moved) > clause_store.CHUNK:  # most of the text changed: every thread the long way
        still = false()
    elif moved:
        still = and_(still, anchor.clause_id.not_in(moved))
    carried = 0
    for condition, clause_id, offset, is_outdated in (
        (still, anchor.clause_id, case((clause_level, cast(null(), Integer)), else_=anchor.quote_offset), false()),
        (outdated, cast(null(), String), cast(null(), Integer), true()),
    ):
        carried += db.session.execute(insert(CommentAnchor).from_select(_COPIED, (
            select(anchor.comment_id, literal(new.id), clause_id, offset, is_outdated)
            .join(comment, anchor.comment_id == comment.id).where(threads, condition)
        ))).rowcount
    rest = db.session.execute(
        select(anchor, comment).join(comment, anchor.comment_id == comment.id)
        .where(threads, ~outdated, ~still)
    ).all()
    present = {clause_id for clause_id, _text in changes.clauses}
    for old, thread in rest:
        db.session.add(next_anchor(old, thread, changes.clauses, present, new))
    if rest:
        db.session.flush()
    return carried + len(rest)


def next_anchor(old: CommentAnchor, comment: Comment, clauses, present: set[str], new: Version) -> CommentAnchor:
    """Where the thread stands in the new version."""
    anchor = CommentAnchor(comment_id=comment.id, version_id=new.id, is_outdated=True)
    if old.is_outdated or old.clause_id is None:
        return anchor
    if not comment.quote or comment.quote_offset is None:
        if old.clause_id in present:  # a clause-level thread follows its clause while it exists
            anchor.clause_id, anchor.is_outdated = old.clause_id, False
        return anchor
    found = reanchor(Anchor(comment.quote, comment.quote_prefix, comment.quote_suffix, old.quote_offset or 0),
                     old.clause_id, clauses)
    if found is not None:
        anchor.clause_id, anchor.quote_offset, anchor.is_outdated = found[0], found[1].offset, False
    return anchor


def on_version_created(version: Version, previous_number: int, **_extra) -> None:
    """Receiver of documents' `version_created`: carry the threads of the previous version."""
    if previous_number < 1:
        return
    previous = db.session.scalar(select(Version).where(Version.document_id == version.document_id,
                                                       Version.number == previous_number))
    carry_forward(previous, version)


def connect() -> None:
    """Listen to documents' `version_created` (called once by the app factory)."""
    version_created.connect(on_version_created)
