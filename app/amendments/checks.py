"""Which amendments are known to apply to which version, without writing to every amendment at each merge.

`Amendment.checked_number` is the version an amendment's text was last checked against, one by one (when
written, or by a merge's three-way check). Every merge checks every amendment in CHECKED, so an amendment
checked at version c is also known to apply to every later version made by a merge, up to the first
version made another way (an edit, an import: nobody checked it). A merge therefore writes only the
amendments it moves or checks in full, not the thousands elsewhere: on SQLite, an UPDATE of one integer
went through each amendment's whole row (its proposed text, 330 KB in a congress: 650 MB read per merge).

That reasoning holds only while the amendment stays in CHECKED and every merge sees it: leaving CHECKED
(a vote, *needs update*…) forgets the mark, and a text is marked only when no merge moved the head under
it before this transaction had the head locked.
"""
from __future__ import annotations

from sqlalchemy import func, select

from app.amendments.models import Amendment
from app.documents.models import Document, Version
from app.extensions import db

# The states a merge checks (and moves to *needs update* when a text no longer applies).
CHECKED = ("draft", "discussion")


def last_unmerged(document_id: int, number: int) -> int:
    """The latest version up to `number` not made by a merge (version 1 at the least)."""
    return db.session.scalar(
        select(func.max(Version.number))
        .where(Version.document_id == document_id, Version.amendment_id.is_(None), Version.number <= number)
    ) or 0


def known_since(checked_number: int | None, unmerged: int) -> bool:
    """Whether a text checked at `checked_number` is known to apply to a version whose last
    version not made by a merge is `unmerged` (see last_unmerged)."""
    return checked_number is not None and checked_number >= unmerged


def known_to_apply(amendment: Amendment, number: int) -> bool:
    """Whether the amendment is known to apply to version `number` of its document, without a merge."""
    checked = amendment.checked_number
    return (amendment.status in CHECKED and checked is not None and checked <= number
            and known_since(checked, last_unmerged(amendment.document_id, number)))


def checked_head(document: Document) -> int | None:
    """The head a text was just checked against (the head as loaded), if it is still the head.

    Read under a shared lock of the document's row (PostgreSQL; SQLite's writers take turns
    already): a merge moving the head waits for this transaction, then sees this amendment and
    checks it. None when a merge moved the head in between: the next merge checks it in full.
    """
    locked = db.session.scalar(
        select(Document.head_number).where(Document.id == document.id).with_for_update(read=True))
    return locked if locked == document.head_number else None


def forget_when_leaving(amendment: Amendment, to_status: str) -> None:
    """Out of CHECKED, merges pass the amendment by: what was known of it no longer holds."""
    if to_status not in CHECKED:
        amendment.checked_number = None
