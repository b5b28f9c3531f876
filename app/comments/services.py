"""Writing, editing, resolving and moderating comments. Plain functions; flush, never commit."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.amendments.models import Amendment
from app.comments.models import Comment, CommentAnchor, CommentEdit
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.errors import Conflict, Invalid
from app.audit.services import record as audit
from app.extensions import db
from app.applications.models import Application
from app.members.models import Person
from app.text.anchor import make_anchor
from app.text.render import plain_words, render_markdown
from app.watches.notify import tell_new_comment as tell_followers_of_comment

MAX_BODY = 10_000
MAX_QUOTE = 2_000


def check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise Invalid(_("The comment is empty."), code="empty_comment")
    if len(body) > MAX_BODY:
        raise Invalid(_("A comment has at most %(n)d characters (yours has %(m)d). Split it, or be briefer.",
                        n=MAX_BODY, m=len(body)), code="too_long")
    if "\x00" in body:
        raise Invalid(_("The comment contains a NUL character."), code="invalid_value")
    return body


def clause_text(version: Version, clause_id: str) -> str:
    """The text of a clause of a version, or 422 when the version has no such clause."""
    for clause in clause_store.clauses_of(version.document_id, version.number):
        if clause.clause_id == clause_id:
            return clause.source.strip()
    raise Invalid(_("Version %(n)d has no clause “%(id)s”.", n=version.number, id=clause_id), code="unknown_clause")


def new_comment(*, document_id: int | None, author: Person, body: str, now: datetime, **fields) -> Comment:
    body = check_body(body)
    comment = Comment(document_id=document_id, author=author, organisation_id=author.organisation_id,
                      body=body, body_html=render_markdown(body), created_at=now, status="open", **fields)
    db.session.add(comment)
    db.session.flush()
    tell_followers_of_comment(comment, now=now)  # followers of the clause, the amendment, the text, the application
    return comment


def anchor_fields(text: str, quote: str | None) -> dict:
    """The quote with its context and position, or 422 when it is not in the clause."""
    if not quote or not quote.strip():
        return {}
    if len(quote) > MAX_QUOTE:
        raise Invalid(_("The quoted passage is too long."), code="too_long")
    try:
        anchor = make_anchor(text, quote)
    except ValueError:
        # Selected from the rendered page, the words may differ from the Markdown source
        # (emphasis, links): keep the quote for readers, and anchor the thread to the clause.
        # Words that are in neither are not a quote: published as one, they would put words in the text.
        if " ".join(quote.split()) not in plain_words(text):
            raise Invalid(_("These words are not in the clause: copy them from its text, or leave the quoted "
                            "passage empty to comment on the whole clause."), code="quote_not_found")
        return {"quote": quote.strip(), "quote_offset": None}
    return {"quote": anchor.quote, "quote_prefix": anchor.prefix, "quote_suffix": anchor.suffix,
            "quote_offset": anchor.offset}


def check_parent(parent: Comment | None, **expected) -> Comment | None:
    """The thread a reply goes into (a reply to a reply joins its thread), checked."""
    if parent is None:
        return None
    thread = thread_of(parent)
    if any(getattr(thread, key) != value for key, value in expected.items()):
        raise Invalid(_("You can only reply to a thread of the same text."), code="invalid_parent")
    return thread


def comment_on_version(version: Version, *, author: Person, body: str, now: datetime, clause_id: str | None = None,
                       quote: str | None = None, parent: Comment | None = None) -> Comment:
    """A new thread on a clause (optionally a quoted passage) of a version, or a reply."""
    if parent is not None:
        parent = check_parent(parent, document_id=version.document_id, amendment_id=None)
        return new_comment(document_id=version.document_id, version_id=parent.version_id, parent_id=parent.id,
                           clause_id=parent.clause_id, author=author, body=body, now=now)
    if not clause_id:
        raise Invalid(_("Choose the clause you comment on."), code="missing_clause")
    anchor = anchor_fields(clause_text(version, clause_id), quote)
    comment = new_comment(document_id=version.document_id, version_id=version.id, clause_id=clause_id,
                          author=author, body=body, now=now, **anchor)
    # Written on the head, the thread holds on until a version moves it; on an older version, there only.
    until = None if version.number == version.document.head_number else version.number
    db.session.add(CommentAnchor(comment_id=comment.id, document_id=version.document_id,
                                 from_number=version.number, to_number=until, clause_id=clause_id,
                                 quote_offset=anchor.get("quote_offset")))
    db.session.flush()
    return comment


def comment_on_amendment(amendment: Amendment, *, author: Person, body: str, now: datetime,
                         quote: str | None = None, clause_id: str | None = None,
                         parent: Comment | None = None) -> Comment:
    """A comment on an amendment as a whole, on a changed passage of its diff, or a reply."""
    if parent is not None:
        parent = check_parent(parent, amendment_id=amendment.id)
        return new_comment(document_id=amendment.document_id, amendment_id=amendment.id, parent_id=parent.id,
                           author=author, body=body, now=now)
    fields: dict = {}
    if quote and quote.strip():
        if len(quote) > MAX_QUOTE:
            raise Invalid(_("The quoted passage is too long."), code="too_long")
        fields = {"quote": quote.strip(), "clause_id": clause_id or None}
    return new_comment(document_id=amendment.document_id, amendment_id=amendment.id, author=author,
                       body=body, now=now, **fields)


def comment_on_application(application: Application, *, author: Person, body: str, now: datetime,
                           parent: Comment | None = None) -> Comment:
    """A comment on an application to join, or a reply; it belongs to no text."""
    if parent is not None:
        parent = check_parent(parent, application_id=application.id)
        return new_comment(document_id=None, application_id=application.id, parent_id=parent.id,
                           author=author, body=body, now=now)
    return new_comment(document_id=None, application_id=application.id, author=author, body=body, now=now)


def edit_comment(comment: Comment, *, body: str, now: datetime) -> None:
    """A new body; the previous one is kept and the comment shows as edited."""
    if comment.is_withdrawn or comment.is_hidden:
        raise Conflict(_("A withdrawn or hidden comment cannot be edited."), code="not_editable")
    body = check_body(body)
    if body == comment.body:
        return
    db.session.add(CommentEdit(comment_id=comment.id, body=comment.body, replaced_at=now))
    comment.body, comment.body_html, comment.edited_at = body, render_markdown(body), now
    db.session.flush()
    audit("comment.edited", comment, by=comment.author, now=now)


def withdraw_comment(comment: Comment, *, now: datetime) -> None:
    """Its author takes it back; its replies stay, and it shows as withdrawn."""
    if comment.withdrawn_at is None:
        comment.withdrawn_at = now
    db.session.flush()


def set_thread_status(comment: Comment, status: str) -> None:
    if not comment.is_thread:
        raise Invalid(_("Only a thread can be resolved or reopened, not a reply."), code="not_a_thread")
    if status not in ("open", "resolved"):
        raise Invalid(_("A thread can only be open or resolved."), code="invalid_status")
    comment.status = status
    db.session.flush()


def hide_comment(comment: Comment, *, by: Person, reason: str, now: datetime) -> None:
    """A facilitator hides a comment with a public reason; it stays in the database."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the public reason for hiding this comment."), code="missing_reason")
    if len(reason) > 1000:
        raise Invalid(_("The reason is too long."), code="too_long")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = now, by.id, reason
    db.session.flush()
    audit("comment.hidden", comment, by=by, now=now, reason=reason)


def thread_of(comment: Comment) -> Comment:
    return comment if comment.parent_id is None else db.session.get(Comment, comment.parent_id)


def reply_recipients(parent: Comment) -> list[Person]:
    """Who hears of a reply: the thread's author and everyone who replied before."""
    people = [parent.author]
    people += db.session.scalars(select(Person).join(Comment, Comment.author_id == Person.id)
                                 .where(Comment.parent_id == parent.id)).all()
    return people
