"""Opening one ranked vote over competing amendments, and what its outcome does to each of them.

Plain functions; flush, never commit. The vote itself is the engine's (app/votes/services.py): the
set of variants is only its subject.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.amendments import lifecycle, merging
from app.amendments.models import Amendment
from app.errors import Conflict, Invalid, NotFound
from app.extensions import db
from app.members.models import Person
from app.variants.models import CURRENT, VariantMember, VariantSet, option_key
from app.votes import ranked
from app.votes.models import Vote
from app.votes.services import check_closes_at, open_vote_on

MAX_AMENDMENTS = ranked.MAX_OPTIONS - 1


def competing_groups(amendments: list[Amendment]) -> int:
    """How many groups the amendments fall into, two being in one group when they change a clause in common
    (directly or through others): one group means they all compete."""
    group = {amendment.id: amendment.id for amendment in amendments}

    def root(key: int) -> int:
        while group[key] != key:
            key = group[key]
        return key

    for n, one in enumerate(amendments):
        for other in amendments[n + 1:]:
            if set(one.changed_clauses) & set(other.changed_clauses):
                group[root(one.id)] = root(other.id)
    return len({root(amendment.id) for amendment in amendments})


def load_amendments(document, amendment_ids: list[int]) -> list[Amendment]:
    """The amendments named, of this document, in the order they were proposed; 404 for one that is not."""
    ids = sorted(set(amendment_ids))
    if not 2 <= len(ids) <= MAX_AMENDMENTS:
        raise Invalid(_("A ranked vote needs between 2 and %(n)d competing amendments.", n=MAX_AMENDMENTS),
                      code="invalid_amendments")
    found = list(db.session.scalars(select(Amendment).where(Amendment.id.in_(ids), Amendment.document_id == document.id,
                                                            Amendment.status != "draft").order_by(Amendment.id)))
    missing = sorted(set(ids) - {amendment.id for amendment in found})
    if missing:
        raise NotFound(_("There is no amendment number %(n)d to this document.", n=missing[0]),
                       code="amendment_not_found")
    return found


def check_amendments(amendments: list[Amendment], *, now: datetime) -> None:
    """Each in discussion, its own discussion period over (the document's rules); all changing overlapping clauses."""
    for amendment in amendments:
        if amendment.status != "discussion":
            raise Conflict(_("Amendment %(n)d is not in discussion: only amendments in discussion can be put to the "
                             "vote.", n=amendment.id), code="not_in_discussion")
        if now < amendment.status_changed_at + timedelta(days=amendment.document.discussion_days):
            raise Conflict(_("The minimum discussion period of amendment %(n)d has not passed yet.", n=amendment.id),
                           code="discussion_period")
    if competing_groups(amendments) != 1:
        raise Invalid(_("These amendments do not all change overlapping clauses: they do not compete, vote on each "
                        "alone."), code="not_competing")


def open_variant_vote(document, amendment_ids: list[int], *, by: Person, now: datetime,
                      closes_at: datetime | None = None) -> Vote:
    """One ranked vote over competing amendments and *keep the current text*, under the document's rules."""
    amendments = load_amendments(document, amendment_ids)
    check_amendments(amendments, now=now)
    check_closes_at(closes_at, now + timedelta(days=document.voting_days))
    variants = VariantSet(document_id=document.id, created_by_id=by.id, created_at=now)
    db.session.add(variants)
    db.session.flush()
    db.session.add_all(VariantMember(variant_set_id=variants.id, amendment_id=a.id) for a in amendments)
    db.session.flush()
    db.session.refresh(variants)
    return open_vote_on("variants", variants, by=by, now=now, closes_at=closes_at)


def decide(variants: VariantSet, vote: Vote, outcome: str, *, now: datetime) -> None:
    """The winner adopted (merged) if the vote says so; the others *not retained*; all rejected without a quorum
    or when the current text wins."""
    count = ranked.stored_count(vote)
    winner = count.winner if count is not None else None
    won = outcome == "accepted" and winner not in (None, CURRENT)
    for amendment in variants.amendments:
        key = option_key(amendment.id)
        if won and key == winner:
            variants.adopted_amendment_id = amendment.id
            db.session.flush()
            merging.accept_amendment(amendment, by=None, now=now, note=_("Ranked vote closed: adopted."))
        elif outcome == "no_quorum":
            lifecycle.move(amendment, "rejected", by=None, now=now, note=_("Ranked vote closed: no quorum."))
        elif winner == CURRENT:
            lifecycle.move(amendment, "rejected", by=None, now=now,
                           note=_("Ranked vote closed: the current text was preferred."))
        elif key == winner:
            lifecycle.move(amendment, "rejected", by=None, now=now,
                           note=_("Ranked vote closed: preferred to the other amendments, but not to the current "
                                  "text by the threshold."))
        else:
            lifecycle.move(amendment, "not_retained", by=None, now=now,
                           note=_("Ranked vote closed: another amendment was preferred."))


def set_ids_of(amendment_id: int) -> list[int]:
    """The ids of the sets of variants an amendment was part of, newest first."""
    return list(db.session.scalars(select(VariantMember.variant_set_id).where(
        VariantMember.amendment_id == amendment_id).order_by(VariantMember.variant_set_id.desc())))


def amendment_ids_of(form_values: list[str]) -> list[int]:
    """The amendment ids ticked in a form (anything not a whole number is refused)."""
    try:
        return [int(value) for value in form_values]
    except ValueError:
        raise Invalid(_("Tick the amendments to put to the vote."), code="invalid_amendments") from None
