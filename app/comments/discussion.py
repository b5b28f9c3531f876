"""The threads of an amendment's discussion, kept once per permission class as a piece of its page.

An amendment with dozens of threads costs more to render than the rest of its page, and every
reader who may do the same things sees the same threads and the same buttons: resolve and reply
(people of member organisations), hide and read what is hidden (facilitators), edit and withdraw
(the author of a comment: then the class is that person). Each reader's CSRF token is put in
when the page is spliced (app/caching/pieces.py). The piece is built again when a comment of the
discussion, its state or a name it prints changed, not at every write elsewhere.
"""
from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app import policy
from app.caching import pieces
from app.comments.models import Comment
from app.comments.queries import threads_of_amendment
from app.extensions import db
from app.members.models import Organisation, Person


def discussion_inputs(amendment_id: int) -> list:
    """Every comment of the discussion with what its rendering shows that can change, names included."""
    hider = aliased(Person)
    return db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.status, Comment.edited_at, Comment.withdrawn_at,
               Comment.hidden_at, Comment.hidden_reason, Comment.author_id, Person.name, Organisation.name, hider.name)
        .join(Person, Person.id == Comment.author_id).outerjoin(Organisation, Organisation.id == Comment.organisation_id)
        .outerjoin(hider, hider.id == Comment.hidden_by_id)
        .where(Comment.amendment_id == amendment_id).order_by(Comment.id)).all()


def reader_class(amendment_id: int) -> tuple:
    """What changes the threads' buttons from one reader to another; one light query for an author's own."""
    person_id = getattr(current_user, "id", None)
    wrote_here = person_id is not None and db.session.scalar(
        select(Comment.id).where(Comment.amendment_id == amendment_id, Comment.author_id == person_id).limit(1))
    return class_of_reader(bool(wrote_here))


def class_of_reader(wrote_here: bool) -> tuple:
    """`reader_class`, once it is known whether the reader wrote in this discussion (the edit and withdraw
    buttons of their comments are theirs alone)."""
    return (policy.can_comment(current_user), policy.is_facilitator(current_user),
            getattr(current_user, "id", None) if wrote_here else None)


def amendment_threads_piece(amendment, action: str) -> Markup:
    """The heading and threads of the discussion of `amendment` (its form to write stays per request)."""
    key = ("discussion", amendment.id, str(get_locale()), action, reader_class(amendment.id))
    return pieces.checked(key, lambda: discussion_inputs(amendment.id),
                          lambda _found: render_template("comments/_threads.html", action=action,
                                                         threads=threads_of_amendment(amendment.id)))
