"""Creating documents and versions: the only writers. Nothing here updates or deletes a version."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.documents import clauses as clause_store
from app.documents.models import Document, Version
from app.documents.queries import find_document
from app.documents.signals import version_created
from app.errors import Conflict, Invalid
from app.extensions import db
from app.members.models import Person
from app.members.services import check_slug
from app.record.versions import adopting_vote_id, hashes_for

MAX_MARKDOWN_CHARS = 1_000_000


def check_markdown(markdown: object) -> str:
    """The text of a version: a non-empty string of bounded size, without NUL."""
    if not isinstance(markdown, str) or not markdown.strip():
        raise Invalid(_("The text is empty."), code="empty_text")
    if len(markdown) > MAX_MARKDOWN_CHARS:
        raise Invalid(_("The text is longer than %(n)d characters.", n=MAX_MARKDOWN_CHARS), code="too_long")
    if "\x00" in markdown:
        raise Invalid(_("The text contains a NUL character."), code="invalid_value")
    return markdown


def create_document(
    slug: str, title: str, markdown: str, *, author: Person | None, now: datetime, summary: str = ""
) -> Document:
    """A new document whose version 1 is `markdown`."""
    slug = check_slug(slug)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise Invalid(_("A title of at most 200 characters is required."), code="invalid_title")
    check_markdown(markdown)
    if find_document(slug) is not None:
        raise Conflict(_("A document with the short name “%(slug)s” already exists.", slug=slug), code="duplicate")
    document = Document(slug=slug, title=title, head_number=0, created_at=now)
    db.session.add(document)
    db.session.flush()
    create_version(document, markdown, author=author, now=now, summary=summary, expected_head=0)
    return document


def create_version(
    document: Document, markdown: str, *, author: Person | None, now: datetime, summary: str,
    amendment_id: int | None = None, expected_head: int | None = None, new_id=None, vote_id: int | None = None,
) -> Version:
    """The next version of `document`; 409 stale_head when the head moved since `expected_head`."""
    check_markdown(markdown)
    base = document.head_number if expected_head is None else expected_head
    move_head(document, base)
    previous = clause_store.clauses_of(document.id, base)
    # new_id: an import gives back the clause ids it exported (they are in URLs and comments).
    plan = clause_store.plan_clauses(markdown, previous, number=base + 1, new_id=new_id)
    if vote_id is None:
        vote_id = adopting_vote_id(amendment_id)
    version = Version(
        document_id=document.id, number=base + 1, markdown=markdown, summary=(summary or "").strip(),
        author_id=author.id if author else None,
        organisation_id=author.organisation_id if author else None,
        amendment_id=amendment_id, created_at=now, **plan.stats,
        **hashes_for(document.id, base, markdown, amendment_id, vote_id),
    )
    db.session.add(version)
    db.session.flush()
    clause_store.insert_clauses(version.id, plan)
    clause_store.remember_changes(version, plan.changes)
    version_created.send(version, previous_number=base)
    return version


def move_head(document: Document, base: int) -> None:
    """Compare-and-set the head from `base` to `base + 1`, in the caller's transaction.

    Two writers that started from the same head cannot both succeed: the second UPDATE
    matches no row (PostgreSQL re-checks the condition after the first commits; SQLite
    serialises writers), so it never overwrites the first.
    """
    moved = db.session.execute(
        update(Document)
        .where(Document.id == document.id, Document.head_number == base)
        .values(head_number=base + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise Conflict(
            _("The text changed in the meantime (it is no longer at version %(n)d).", n=base), code="stale_head"
        )
    set_committed_value(document, "head_number", base + 1)


def current_head(document: Document) -> int:
    """The head number as stored now (not as loaded earlier in this session)."""
    return db.session.scalar(select(Document.head_number).where(Document.id == document.id))
