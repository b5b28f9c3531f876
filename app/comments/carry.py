"""Carrying comment threads from a version to the next one, stored once (never per page view).

A version costs what it changed. An anchor holds over a range of versions (`CommentAnchor`): threads
anchored in a clause whose words did not change, and outdated threads, keep their open range and cost
nothing; only those anchored in changed or removed clauses go through the text engine, and those that
moved get their range closed at the previous version and a new one from this version.
"""
from __future__ import annotations

from sqlalchemy import and_, select

from app.comments.models import Comment, CommentAnchor
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.documents.signals import version_created
from app.extensions import db
from app.text.anchor import Anchor, reanchor


def carry_forward(previous: Version, new: Version) -> int:
    """Carry every thread of `previous` into `new`: same clause, found passage, or outdated. Returns the
    number of anchors written (threads that stand elsewhere in `new` than in `previous`).

    Resolved and hidden threads are carried like open ones, and shown as such: resolving a
    thread closes the discussion, it does not erase it from the text's history.
    """
    changes = clause_store.changes_of(new)
    moved = sorted(set(changes.previous_ids) - changes.unchanged)  # edited or removed clauses
    anchor, comment = CommentAnchor, Comment
    # Ranges still open, not outdated, in a clause whose words changed: a thread anywhere else keeps its
    # range (its passage is still there, at the same offset), read through the index without its comment.
    changed = and_(anchor.holds_in(previous), anchor.to_number.is_(None), anchor.is_outdated.is_(False),
                   anchor.clause_id.is_not(None))
    if len(moved) <= clause_store.CHUNK:  # else most of the text changed: every thread the long way
        changed = and_(changed, anchor.clause_id.in_(moved))
    rest = db.session.execute(
        select(anchor, comment).join(comment, anchor.comment_id == comment.id).where(changed)
    ).all() if moved else []
    present = {clause_id for clause_id, _text in changes.clauses}
    written = 0
    for old, thread in rest:
        found = next_anchor(old, thread, changes.clauses, present, new)
        if (found.clause_id, found.quote_offset, found.is_outdated) != (
                old.clause_id, old.quote_offset, False):
            old.to_number = previous.number
            db.session.add(found)
            written += 1
    if written:
        db.session.flush()
    return written


def next_anchor(old: CommentAnchor, comment: Comment, clauses, present: set[str], new: Version) -> CommentAnchor:
    """Where the thread stands in the new version (a range beginning there)."""
    anchor = CommentAnchor(comment_id=comment.id, document_id=new.document_id, from_number=new.number,
                           is_outdated=True)
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
