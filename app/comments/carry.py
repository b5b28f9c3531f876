"""Carrying comment threads from a version to the next one, stored once (never per page view)."""
from __future__ import annotations

from sqlalchemy import select

from app.comments.models import Comment, CommentAnchor
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.extensions import db
from app.text.anchor import Anchor, reanchor


def carry_forward(previous: Version, new: Version) -> int:
    """Re-anchor every open thread of `previous` in `new`: same clause, found passage, or outdated."""
    rows = db.session.execute(
        select(CommentAnchor, Comment).join(Comment, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.version_id == previous.id, Comment.status == "open",
               Comment.document_id == previous.document_id)  # never an application's discussion
    ).all()
    if not rows:
        return 0
    clauses = [(c.clause_id, c.source.strip()) for c in clause_store.clauses_of(new.document_id, new.number)]
    present = {clause_id for clause_id, _text in clauses}
    for old, comment in rows:
        db.session.add(next_anchor(old, comment, clauses, present, new))
    db.session.flush()
    return len(rows)


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


def on_version_created(version: Version, previous_number: int) -> None:
    """Receiver of documents' `version_created`: carry the threads of the previous version."""
    if previous_number < 1:
        return
    previous = db.session.scalar(select(Version).where(Version.document_id == version.document_id,
                                                       Version.number == previous_number))
    carry_forward(previous, version)


def connect() -> None:
    from app.documents.signals import version_created

    version_created.connect(on_version_created)
