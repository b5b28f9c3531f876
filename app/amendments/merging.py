"""Merging an accepted amendment into the next version, without losing anyone's work."""
from __future__ import annotations

import json
import os
import time
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, true
from sqlalchemy.orm import joinedload

from app.amendments import checks, lifecycle, queries
from app.amendments.models import Amendment
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.documents.queries import get_version
from app.documents.services import create_version, current_head
from app.errors import Conflict
from app.extensions import db
from app.members.models import Person
from app.text.merge import HeadMerge

# A concurrent merge moves the head under us at most this often before we give up politely.
MAX_ATTEMPTS = 5


def accept_amendment(amendment: Amendment, *, by: Person | None, now: datetime, note: str = "") -> Version | None:
    """Mark it accepted and merge it; None when it went to *needs update* instead."""
    lifecycle.move(amendment, "accepted", by=by, now=now, note=note)
    return merge_accepted(amendment, now=now)


def merged_text(amendment: Amendment, head: Version, mergers: dict[int, HeadMerge] | None = None) -> str | None:
    """The amendment applied to `head`, or None when a clause it changes changed there too.

    `mergers`: the bases already read for this head, by version id (a merge's check of many amendments)."""
    base = amendment.base_version
    if head.number == base.number:
        return amendment.markdown
    mergers = {} if mergers is None else mergers
    if base.id not in mergers:
        mergers[base.id] = HeadMerge(base.markdown, head.markdown)
    result = mergers[base.id].merge(amendment.markdown)
    return result.markdown if result.ok else None


def merge_accepted(amendment: Amendment, *, now: datetime) -> Version | None:
    """Create the next version from an accepted amendment, on top of whatever the head is now.

    The head moves by compare-and-set: when another merge got there first, read the new
    head and merge on top of it; never overwrite it, never merge silently into a clause
    that changed underneath (that is *needs update*).
    """
    document = amendment.document
    for _attempt in range(MAX_ATTEMPTS):
        head = get_version(document, current_head(document))
        text = merged_text(amendment, head)
        if text is None:
            lifecycle.move(amendment, "needs_update", by=None, now=now,
                           note=_("The text changed underneath in the passages this amendment edits."))
            return None
        try:
            version = create_version(document, text, author=amendment.author, now=now,
                                     summary=amendment.title, amendment_id=amendment.id,
                                     expected_head=head.number)
        except Conflict as error:
            if error.code != "stale_head":
                raise
            continue
        pause_mid_merge()
        amendment.merged_version = version
        flag_stale_amendments(version, now=now, merged=amendment)
        db.session.flush()
        return version
    raise Conflict(_("The text is being changed right now. Please try again in a moment."), code="busy")


def pause_mid_merge() -> None:
    """A fault-injection point for tests/load only, off unless the app is built with it.

    With MERGE_PAUSE_FILE set (never from the environment: only a test's own app module sets
    it), the first merge writes its process id to that file once the new version and its
    clauses are sent to the database, then sleeps there, uncommitted, so that the test can
    kill the worker mid-merge. Later merges (the file exists) go through.
    """
    path = current_app.config.get("MERGE_PAUSE_FILE")
    if not path:
        return
    db.session.flush()
    try:
        with open(path, "x", encoding="ascii") as marker:
            marker.write(str(os.getpid()))
    except FileExistsError:
        return
    time.sleep(current_app.config.get("MERGE_PAUSE_SECONDS", 60))


def flag_stale_amendments(head: Version, *, now: datetime, merged: Amendment) -> list[Amendment]:
    """Amendments in discussion that no longer apply to the new head go to *needs update*.

    Only those the new version may have broken get the three-way merge (read near each
    amendment's change: app/text/merge.py): see `may_have_become_stale`, which the database
    applies first, roughly (`maybe_stale`). Their texts are read only for that. The others are now
    known to apply to the new head without a write (app/amendments/checks.py); of those
    checked in full, only the ones not known before are marked, for the next merge to rely on.
    """
    changes = clause_store.changes_of(head)
    unmerged = checks.last_unmerged(head.document_id, head.number - 1)
    # Light rows first, from the covering index (ix_amendment_listing): no row of the table is read.
    rows = db.session.execute(
        select(Amendment.id, Amendment.checked_number, Amendment.changed_clauses_json)
        .where(Amendment.document_id == head.document_id, Amendment.status.in_(checks.CHECKED),
               Amendment.id != merged.id, maybe_stale(unmerged, changes))
    ).all()
    doubtful = [row.id for row in rows if may_have_become_stale(row, unmerged, changes)]
    # Their texts in one query: each of them is read by the three-way merge.
    candidates = db.session.scalars(
        select(Amendment).where(Amendment.id.in_(doubtful)).options(joinedload(Amendment.text_row))
        .order_by(Amendment.id)).all() if doubtful else []
    stale, mergers = [], {}
    for amendment in candidates:
        if merged_text(amendment, head, mergers) is None:
            stale.append(amendment)
        elif not checks.known_since(amendment.checked_number, unmerged):
            amendment.checked_number = head.number  # checked in full: known from here on
    if stale:  # together: one batch of UPDATEs, not one flush each (their texts, apart, are not rewritten)
        lifecycle.move_all(stale, "needs_update", by=None, now=now,
                           note=_("Version %(n)d changed the passages this amendment edits.", n=head.number))
    return stale


def maybe_stale(unmerged: int, changes: clause_store.VersionChanges):
    """A condition on amendment rows that every amendment may_have_become_stale meets (and a few
    others: a LIKE on the JSON list of clause ids it changes), so that the database, from the
    covering index, leaves out the thousands the new version cannot have broken."""
    # Past queries.NARROWED_UP_TO clauses touched, each amendment is tested here, as may_have_become_stale does.
    if changes.at_start or len(changes.touched) > queries.NARROWED_UP_TO:
        return true()
    listed = Amendment.changed_clauses_json
    return or_(Amendment.checked_number.is_(None), Amendment.checked_number < unmerged,
               listed.is_(None), ~listed.contains('"'),  # no clause named: an empty list
               queries.naming_any_of(set(changes.touched)))


def may_have_become_stale(amendment, unmerged: int, changes: clause_store.VersionChanges) -> bool:
    """Whether the three-way merge into the new head is needed to tell.

    An amendment known to apply to the previous version (checked when it was written, or by
    a merge, and only merges since: `unmerged` is the last version made otherwise) still
    applies when the new version changed none of the clauses it edits, nor their neighbours:
    a merge conflicts only where both sides touch. An amendment not known to (back from a
    vote, or a version was made outside a merge since it was checked) gets the real check.
    """
    if not checks.known_since(amendment.checked_number, unmerged):
        return True
    touched = set(json.loads(amendment.changed_clauses_json or "[]"))
    if not touched or changes.at_start:
        return True  # an insertion before the first clause names no clause
    return bool(touched & changes.touched)
