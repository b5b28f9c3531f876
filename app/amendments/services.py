"""Proposing, editing, withdrawing and deciding amendments. Plain functions; flush, never commit."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.amendments import lifecycle
from app.amendments.checks import checked_head
from app.amendments.changes import clause_changes, is_change, touched_clause_ids
from app.amendments.models import Amendment, AmendmentRevision
from app.audit.services import record as audit
from app.documents.models import Document, Version
from app.documents.queries import get_version
from app.documents.services import check_markdown
from app.errors import Conflict, Invalid
from app.extensions import db
from app.members.models import Person
from app.oneline import one_line
from app.text.merge import merge_amendment_text

MAX_TITLE = 200
MAX_RATIONALE = 20_000
EDITABLE = ("draft", "discussion", "needs_update")


def check_texts(title: str, rationale: str, markdown: str) -> tuple[str, str, str]:
    """Title and rationale are required and bounded; the text is a valid document text."""
    title = one_line(title)
    rationale = (rationale or "").strip()
    if not title:
        raise Invalid(_("Give your amendment a title."), code="missing_title")
    if len(title) > MAX_TITLE:
        raise Invalid(_("The title is longer than %(n)d characters.", n=MAX_TITLE), code="too_long")
    if not rationale:
        raise Invalid(_("Explain why you propose this change."), code="missing_rationale")
    if len(rationale) > MAX_RATIONALE or "\x00" in rationale or "\x00" in title:
        raise Invalid(_("The rationale is too long or contains invalid characters."), code="invalid_rationale")
    return title, rationale, check_markdown(markdown)


# How much longer than the text it amends a proposal may be. The diff of a proposal costs with its size: one
# 900 KB amendment of a short text took 1.8 s to answer, each time it was read or previewed.
MAX_GROWTH = 100_000


def check_size(base: Version, markdown: str) -> None:
    """A proposal at most MAX_GROWTH characters longer than the version it amends."""
    if len(markdown or "") - len(base.markdown) > MAX_GROWTH:
        raise Invalid(_("The proposed text is %(n)d characters longer than version %(v)d: an amendment may add at "
                        "most %(max)d. Propose a large addition in several amendments.",
                        n=len(markdown) - len(base.markdown), v=base.number, max=MAX_GROWTH), code="too_long")


def record_text(amendment: Amendment, *, by: Person, now: datetime) -> None:
    """Keep this state of the text as a revision, and note which clauses it touches."""
    changes = clause_changes(amendment.base_version, amendment.markdown)
    if not is_change(changes):
        raise Invalid(_("The proposed text is identical to version %(n)d: there is nothing to amend.",
                        n=amendment.base_version.number), code="no_change")
    amendment.changed_clauses_json = json.dumps(touched_clause_ids(changes))
    amendment.checked_number = checked_head(amendment.document)  # check_applies_to_head passed
    number = 1 + (db.session.scalar(
        select(func.max(AmendmentRevision.number)).where(AmendmentRevision.amendment_id == amendment.id)
    ) or 0)
    db.session.add(AmendmentRevision(
        amendment_id=amendment.id, number=number, title=amendment.title, rationale=amendment.rationale,
        markdown=amendment.markdown, base_version_id=amendment.base_version_id, author_id=by.id, created_at=now,
    ))
    db.session.flush()


def head_version(document: Document) -> Version:
    return get_version(document, document.head_number)


def check_applies_to_head(document: Document, base: Version, markdown: str) -> None:
    """A proposal written against an older version must still apply cleanly to the head."""
    if base.number == document.head_number:
        return
    result = merge_amendment_text(base.markdown, markdown, head_version(document).markdown)
    if not result.ok:
        raise Conflict(
            _("The text changed since version %(n)d in the passages you edit: start again from version %(head)d.",
              n=base.number, head=document.head_number),
            code="needs_update",
        )


def create_amendment(
    document: Document, *, author: Person, title: str, rationale: str, markdown: str,
    base_number: int, now: datetime, draft: bool = False, target_clause_id: str | None = None,
    submission_key: str | None = None,
) -> Amendment:
    """A new amendment, in discussion (or draft), with its first revision. `submission_key` is unique: the same
    form sent again fails the flush with an IntegrityError (see amendment_of_submission)."""
    title, rationale, markdown = check_texts(title, rationale, markdown)
    base = get_version(document, base_number)
    check_size(base, markdown)
    check_applies_to_head(document, base, markdown)
    amendment = Amendment(
        document_id=document.id, base_version=base, title=title, rationale=rationale, markdown=markdown,
        status="draft" if draft else "discussion", author=author, organisation_id=author.organisation_id,
        target_clause_id=target_clause_id, created_at=now, updated_at=now, status_changed_at=now,
        submission_key=submission_key,
    )
    db.session.add(amendment)
    db.session.flush()
    record_text(amendment, by=author, now=now)
    audit("amendment.created", amendment, by=author, now=now, title=title)
    lifecycle.tell_followers_of_amendment(amendment, now=now)  # nobody hears of a draft (watches/notify.py)
    return amendment


def amendment_of_submission(key: str | None, *, author: Person) -> Amendment | None:
    """The amendment this author already sent with this form (its submission key), if any."""
    if not key:
        return None
    return db.session.scalar(select(Amendment).where(Amendment.submission_key == key,
                                                     Amendment.author_id == author.id))


def submission_key_taken(key: str | None) -> bool:
    return bool(key) and db.session.scalar(select(Amendment.id).where(Amendment.submission_key == key)) is not None


def edit_amendment(amendment: Amendment, *, by: Person, title: str, rationale: str, markdown: str,
                   now: datetime, base_number: int | None = None) -> Amendment:
    """The author's new text; frozen once voting opened. `base_number` rebases (update)."""
    if amendment.status not in EDITABLE:
        raise Conflict(_("This amendment can no longer be edited: voters must see exactly what they vote on."),
                       code="frozen")
    title, rationale, markdown = check_texts(title, rationale, markdown)
    if base_number is not None and base_number != amendment.base_version.number:
        amendment.base_version = get_version(amendment.document, base_number)
    check_size(amendment.base_version, markdown)
    check_applies_to_head(amendment.document, amendment.base_version, markdown)
    amendment.title, amendment.rationale, amendment.markdown = title, rationale, markdown
    amendment.updated_at = now
    record_text(amendment, by=by, now=now)
    audit("amendment.edited", amendment, by=by, now=now, title=title)
    if amendment.status == "needs_update":
        lifecycle.move(amendment, "discussion", by=by, now=now, note=_("Updated against the current text."))
    return amendment


def submit_draft(amendment: Amendment, *, by: Person, now: datetime) -> None:
    lifecycle.move(amendment, "discussion", by=by, now=now)


def withdraw_amendment(amendment: Amendment, *, by: Person, now: datetime) -> None:
    lifecycle.move(amendment, "withdrawn", by=by, now=now)


def reject_amendment(amendment: Amendment, *, by: Person | None, now: datetime, note: str = "") -> None:
    lifecycle.move(amendment, "rejected", by=by, now=now, note=note)
