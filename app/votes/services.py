"""Opening, casting, cancelling and closing votes. Plain functions; flush, never commit."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.amendments import lifecycle, merging
from app.amendments.models import Amendment
from app.audit.services import record as audit
from app.errors import Conflict, Invalid, NotAllowed
from app.extensions import db
from app.members import applications
from app.members.models import Organisation, Person
from app.record.receipts import issue_receipt
from app.votes.models import CHOICES, Ballot, BallotEvent, Vote
from app.votes.tally import Tally, tally

MAX_JUSTIFICATION = 5000


def member_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.status == "member"))


def current_vote(amendment: Amendment) -> Vote | None:
    """The latest vote on an amendment (open, closed or cancelled), if any."""
    return db.session.scalar(select(Vote).where(Vote.amendment_id == amendment.id).order_by(Vote.id.desc()).limit(1))


def discussion_ends_at(amendment: Amendment) -> datetime:
    """When the minimum discussion period of the document's rules has passed."""
    return amendment.status_changed_at + timedelta(days=amendment.document.discussion_days)


def open_vote(amendment: Amendment, *, by: Person, now: datetime, closes_at: datetime | None = None) -> Vote:
    """Open the vote, copying the document's rules; refuse before the discussion period ends."""
    if amendment.status != "discussion":
        raise Conflict(_("Only an amendment in discussion can be put to the vote."), code="not_in_discussion")
    if now < discussion_ends_at(amendment):
        raise Conflict(_("The minimum discussion period has not passed yet."), code="discussion_period")
    document = amendment.document
    default_close = now + timedelta(days=document.voting_days)
    if closes_at is not None and closes_at < default_close:
        raise Invalid(_("The vote cannot close earlier than the rules allow."), code="closes_too_early")
    vote = Vote(
        amendment_id=amendment.id, status="open", opens_at=now, closes_at=closes_at or default_close,
        opened_by_id=by.id, eligible_count=member_count(), quorum=document.quorum,
        threshold=document.threshold, discussion_days=document.discussion_days,
        voting_days=document.voting_days, secret_ballots=document.secret_ballots,
    )
    db.session.add(vote)
    lifecycle.move(amendment, "voting", by=by, now=now)
    audit("vote.opened", vote, by=by, now=now, amendment_id=amendment.id, closes_at=vote.closes_at.isoformat())
    return vote


def cast_ballot(vote: Vote, *, by: Person, choice: str, justification: str, now: datetime) -> Ballot:
    """Cast or change the ballot of `by`'s organisation: one row per organisation, ever."""
    if choice not in CHOICES:
        raise Invalid(_("Choose “for”, “against” or “abstain”."), code="invalid_choice")
    justification = (justification or "").strip()
    if len(justification) > MAX_JUSTIFICATION or "\x00" in justification:
        raise Invalid(_("The justification is too long (%(n)d characters at most).", n=MAX_JUSTIFICATION),
                      code="too_long")
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    if not (by.is_delegate and by.organisation is not None and by.organisation.is_member):
        raise NotAllowed(_("Only a delegate of a member organisation can cast its ballot."))
    changed = db.session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id, Ballot.organisation_id == by.organisation_id))
    upsert_ballot(vote.id, by.organisation_id, by.id, choice, justification, now)
    audit("ballot.changed" if changed else "ballot.cast", vote, by=by, now=now, **({} if vote.secret_ballots else {"choice": choice}))
    event = BallotEvent(vote_id=vote.id, organisation_id=by.organisation_id, person_id=by.id,
                        choice=choice, justification=justification, created_at=now)
    db.session.add(event)
    db.session.flush()
    issue_receipt(event, by=by, now=now)
    return db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id,
                                                  Ballot.organisation_id == by.organisation_id)
                             .execution_options(populate_existing=True))


def upsert_ballot(vote_id: int, organisation_id: int, person_id: int, choice: str, justification: str,
                  now: datetime) -> None:
    """INSERT … ON CONFLICT DO UPDATE: two delegates at the same moment leave one ballot."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    values = {"choice": choice, "justification": justification, "cast_by_id": person_id, "cast_at": now}
    statement = insert(Ballot).values(vote_id=vote_id, organisation_id=organisation_id, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=["vote_id", "organisation_id"], set_=values))


def current_tally(vote: Vote) -> Tally:
    """The tally of the ballots as they stand, under the vote's own rules."""
    choices = db.session.scalars(select(Ballot.choice).where(Ballot.vote_id == vote.id))
    return tally(choices, eligible=vote.eligible_count, quorum=vote.quorum, threshold=vote.threshold)


def cancel_vote(vote: Vote, *, by: Person, now: datetime) -> None:
    """Back to discussion before the deadline; the ballots stay in the record."""
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("Only an open vote can be cancelled, before its deadline."), code="vote_closed")
    vote.status = "cancelled"
    vote.closed_at = now
    audit("vote.cancelled", vote, by=by, now=now)
    if vote.application_id is not None:
        vote.application.status = "pending"
        db.session.flush()
        return
    lifecycle.move(vote.amendment, "discussion", by=by, now=now, note=_("Vote cancelled."))
    db.session.flush()


def close_vote(vote: Vote, *, now: datetime) -> bool:
    """Close a vote whose deadline passed, exactly once; accept (and merge) or reject.

    The status moves by compare-and-set, so of two requests closing the same vote at the
    same moment only one counts, decides and merges; the other finds it closed.
    """
    if now < vote.closes_at:
        raise Conflict(_("This vote closes at its deadline, not before."), code="vote_not_due")
    won = db.session.execute(
        update(Vote).where(Vote.id == vote.id, Vote.status == "open").values(status="closed", closed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(vote)
    if won != 1:
        return False
    result = current_tally(vote)
    vote.count_for, vote.count_against, vote.count_abstain = result.count_for, result.count_against, result.count_abstain
    vote.outcome = result.outcome
    audit("vote.closed", vote, now=now, outcome=result.outcome, counts=[vote.count_for, vote.count_against, vote.count_abstain])
    if vote.application_id is not None:
        applications.settle_application(vote.application, result.outcome, now=now)
        db.session.flush()
        return True
    note = _("Vote closed: %(outcome)s.", outcome=outcome_label(result.outcome))
    if result.outcome == "accepted":
        merging.accept_amendment(vote.amendment, by=None, now=now, note=note)
    else:
        lifecycle.move(vote.amendment, "rejected", by=None, now=now, note=note)
    db.session.flush()
    return True


def due_votes(now: datetime, amendment_id: int | None = None) -> list[Vote]:
    query = select(Vote).where(Vote.status == "open", Vote.closes_at <= now)
    if amendment_id is not None:
        query = query.where(Vote.amendment_id == amendment_id)
    return list(db.session.scalars(query.order_by(Vote.closes_at)))


def outcome_label(outcome: str | None) -> str:
    return {"accepted": _("adopted"), "rejected": _("rejected"), "no_quorum": _("no quorum")}.get(outcome or "", "")
