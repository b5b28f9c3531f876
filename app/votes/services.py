"""Opening, casting, cancelling, closing and extending votes, whatever their subject.

Plain functions; flush, never commit. What differs between subjects is asked of the subject
(app/votes/subjects.py); what is the same for every decision (the frozen electorate, one ballot
per organisation, the tally, closing exactly once) lives here once.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import lazyload
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app import policy
from app.audit.services import record as audit
from app.errors import Conflict, Invalid, NotAllowed
from app.extensions import db
from app.members.models import Organisation, Person
from app.record.receipts import issue_receipt
from app.votes import proxies, ranked
from app.votes.models import CHOICES, RANKED_CHOICE, Ballot, BallotEvent, Vote, VoteElector
from app.votes.notify import tell_electorate
from app.votes.signals import vote_opened
from app.votes.subjects import handler_of, kind_of, subject_of
from app.votes.tally import Tally, tally

MAX_JUSTIFICATION = 5000


def member_ids() -> list[int]:
    """The member organisations now, in id order: the electorate of a vote opening now."""
    return list(db.session.scalars(select(Organisation.id).where(Organisation.status == "member")
                                   .order_by(Organisation.id)))


def member_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.status == "member"))


def current_vote_on(kind: str, subject_id: int) -> Vote | None:
    """The latest vote on a subject (open, closed or cancelled), if any; its electorate is not loaded (150
    organisations in a congress): `elector_ids` asks for their ids when needed."""
    return db.session.scalar(select(Vote).where(Vote.subject_kind == kind, Vote.subject_id == subject_id)
                             .options(lazyload(Vote.electors)).order_by(Vote.id.desc()).limit(1))


def current_vote(amendment) -> Vote | None:
    """The latest vote on an amendment (kept for the amendment pages and API)."""
    return current_vote_on("amendment", amendment.id)


def document_of(vote: Vote) -> int | None:
    return handler_of(vote).document_id(subject_of(vote))


def check_closes_at(closes_at: datetime | None, earliest: datetime) -> None:
    if closes_at is None:
        return
    if closes_at < earliest:
        raise Invalid(_("The vote cannot close earlier than the rules allow."), code="closes_too_early")
    if closes_at.year >= 9000:
        raise Invalid(_("The closing time is too far in the future."), code="invalid_date")


def open_vote_on(kind: str, subject, *, by: Person, now: datetime, closes_at: datetime | None = None) -> Vote:
    """Open a vote on a subject: its rules copied, its electorate frozen, its delegates told."""
    handler = kind_of(kind)
    handler.check_open(subject, now=now)
    rules = handler.rules(subject)
    check_closes_at(closes_at, now + timedelta(days=rules.voting_days))
    electorate = member_ids()
    vote = Vote(
        subject_kind=kind, subject_id=subject.id, status="open", opens_at=now,
        closes_at=closes_at or now + timedelta(days=rules.voting_days), opened_by_id=by.id, method=handler.method,
        eligible_count=len(electorate), quorum=rules.quorum, threshold=rules.threshold,
        discussion_days=rules.discussion_days, voting_days=rules.voting_days,
        secret_ballots=rules.secret_ballots, proxies_per_holder=rules.proxies_per_holder,
    )
    db.session.add(vote)
    db.session.flush()
    db.session.add_all(VoteElector(vote_id=vote.id, organisation_id=org_id) for org_id in electorate)
    db.session.flush()
    db.session.refresh(vote)
    handler.opened(subject, vote, by=by, now=now)
    audit("vote.opened", vote, by=by, now=now, document_id=handler.document_id(subject),
          **{f"{kind}_id": subject.id}, closes_at=vote.closes_at.isoformat(), electorate=len(electorate))
    tell_electorate(vote, kind=handler.notification_kind, params=handler.announcement(subject),
                    url=handler.page(subject) + "#vote", now=now)
    vote_opened.send(vote, subject=subject, handler=handler, by=by, now=now)
    return vote


def open_vote(amendment, *, by: Person, now: datetime, closes_at: datetime | None = None) -> Vote:
    """Open the vote on an amendment (the amendment pages' and API's name for it)."""
    return open_vote_on("amendment", amendment, by=by, now=now, closes_at=closes_at)


def check_ballot(vote: Vote, choice: str, justification: str, now: datetime) -> str:
    if vote.method != "ranked" and choice not in CHOICES:
        raise Invalid(_("Choose “for”, “against” or “abstain”."), code="invalid_choice")
    justification = (justification or "").strip()
    if len(justification) > MAX_JUSTIFICATION or "\x00" in justification:
        raise Invalid(_("The justification is too long (%(n)d characters at most).", n=MAX_JUSTIFICATION),
                      code="too_long")
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    return justification


def cast_ballot(vote: Vote, *, by: Person, choice: str | None, justification: str, now: datetime,
                on_behalf_of: Organisation | None = None, ranking: object = None) -> Ballot:
    """Cast or change an organisation's ballot: one row per organisation, ever.

    The organisation is `by`'s own, or `on_behalf_of` when `by`'s organisation holds its proxy. A ranked
    vote's ballot is its `ranking` (tiers of option keys, best first); an approval vote's its `choice`.
    """
    justification = check_ballot(vote, choice, justification, now)
    ranking_text = ranked.check_ranking(vote, ranking) if vote.method == "ranked" else None
    choice = RANKED_CHOICE if ranking_text is not None else choice
    if on_behalf_of is not None and on_behalf_of.id != by.organisation_id:
        return cast_by_proxy(vote, by=by, giver=on_behalf_of, choice=choice, justification=justification, now=now,
                             ranking=ranking_text)
    if not policy.can_cast_ballot(by, vote):
        raise NotAllowed(_("Only a delegate of an organisation of this vote’s electorate can cast its ballot."),
                         code="not_in_electorate")
    from_proxy = proxies.replace_proxy(vote, by.organisation_id, by=by, now=now)
    return write_ballot(vote, organisation_id=by.organisation_id, by=by, choice=choice,
                        justification=justification, now=now, proxy_holder_id=None, replaced_proxy=from_proxy,
                        ranking=ranking_text)


def cast_by_proxy(vote: Vote, *, by: Person, giver: Organisation, choice: str, justification: str,
                  now: datetime, ranking: str | None = None) -> Ballot:
    """A delegate of the holder casts the giver's ballot, apart from their own organisation's."""
    if not policy.can_cast_by_proxy(by, vote, proxies.proxy_of(vote, giver.id, lock=True)):
        raise NotAllowed(_("Your organisation does not hold the proxy of %(name)s on this vote.", name=giver.name),
                         code="no_proxy")
    return write_ballot(vote, organisation_id=giver.id, by=by, choice=choice, justification=justification,
                        now=now, proxy_holder_id=by.organisation_id, ranking=ranking)


def write_ballot(vote: Vote, *, organisation_id: int, by: Person, choice: str, justification: str, now: datetime,
                 proxy_holder_id: int | None, replaced_proxy: bool = False, ranking: str | None = None) -> Ballot:
    changed = db.session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id,
                                                        Ballot.organisation_id == organisation_id))
    upsert_ballot(vote.id, organisation_id, by.id, choice, justification, now, proxy_holder_id, ranking)
    # While a secret vote is open, the record says that a ballot came in, not whose nor which.
    said = {"ranking": json.loads(ranking)} if ranking is not None else {"choice": choice}
    detail = {} if vote.secret_ballots else said
    if proxy_holder_id is not None:
        detail["by_proxy"] = True
    if replaced_proxy:
        detail["replaced_proxy"] = True
    audit("ballot.changed" if changed else "ballot.cast", vote, by=by, now=now, organisation_id=organisation_id,
          document_id=document_of(vote), **detail)
    event = BallotEvent(vote_id=vote.id, organisation_id=organisation_id, person_id=by.id, choice=choice,
                        justification=justification, created_at=now, proxy_holder_id=proxy_holder_id,
                        ranking=ranking)
    db.session.add(event)
    db.session.flush()
    issue_receipt(event, by=by, now=now)
    return db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id,
                                                  Ballot.organisation_id == organisation_id)
                             .execution_options(populate_existing=True))


def upsert_ballot(vote_id: int, organisation_id: int, person_id: int, choice: str, justification: str,
                  now: datetime, proxy_holder_id: int | None = None, ranking: str | None = None) -> None:
    """INSERT … ON CONFLICT DO UPDATE: two delegates at the same moment leave one ballot."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    values = {"choice": choice, "justification": justification, "cast_by_id": person_id, "cast_at": now,
              "proxy_holder_id": proxy_holder_id, "ranking": ranking}
    statement = insert(Ballot).values(vote_id=vote_id, organisation_id=organisation_id, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=["vote_id", "organisation_id"], set_=values))


def counted_choices(vote: Vote) -> list[str]:
    """The choices of the ballots that count: those of the electorate frozen at the opening."""
    query = select(Ballot.choice).where(Ballot.vote_id == vote.id)
    if vote.elector_ids is not None:
        query = query.join(VoteElector, (VoteElector.vote_id == Ballot.vote_id)
                           & (VoteElector.organisation_id == Ballot.organisation_id))
    return list(db.session.scalars(query))


def current_tally(vote: Vote) -> Tally:
    """The tally of the ballots as they stand, under the vote's own rules (a ranked vote's: app/votes/ranked.py)."""
    if vote.method == "ranked":
        return ranked.ranked_tally(vote)
    return tally(counted_choices(vote), eligible=vote.eligible_count, quorum=vote.quorum, threshold=vote.threshold)


def cancel_vote(vote: Vote, *, by: Person, now: datetime) -> None:
    """Back to discussion before the deadline; the ballots stay in the record."""
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("Only an open vote can be cancelled, before its deadline."), code="vote_closed")
    vote.status = "cancelled"
    vote.closed_at = now
    audit("vote.cancelled", vote, by=by, now=now, document_id=document_of(vote))
    handler_of(vote).cancelled(subject_of(vote), vote, by=by, now=now)
    db.session.flush()


def close_vote(vote: Vote, *, now: datetime) -> bool:
    """Close a vote whose deadline passed, exactly once; the subject then does what the outcome says.

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
    extra = {}
    if isinstance(result, ranked.RankedTally):
        vote.result_json = json.dumps(result.count.as_json(), ensure_ascii=False)
        extra = {"winner": result.count.winner, "ranking": result.count.ranking}
    audit("vote.closed", vote, now=now, document_id=document_of(vote), outcome=result.outcome,
          counts=[vote.count_for, vote.count_against, vote.count_abstain], **extra)
    handler_of(vote).decided(subject_of(vote), vote, result.outcome, now=now)
    db.session.flush()
    return True


def close_now(vote: Vote, *, by: Person, now: datetime) -> bool:
    """A facilitator closes an open vote before its deadline: the deadline becomes now, recorded."""
    if vote.status != "open":
        raise Conflict(_("This vote is not open."), code="vote_closed")
    if now < vote.closes_at:
        audit("vote.closed_early", vote, by=by, now=now, document_id=document_of(vote),
              closes_at=vote.closes_at.isoformat())
        vote.closes_at = now
        db.session.flush()
    return close_vote(vote, now=now)


def extend_vote(vote: Vote, *, by: Person, now: datetime, closes_at: datetime) -> Vote:
    """A facilitator moves the deadline of an open vote later, recorded."""
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    if closes_at <= vote.closes_at:
        raise Invalid(_("The new closing time must be later than the current one."), code="closes_too_early")
    check_closes_at(closes_at, vote.closes_at)
    audit("vote.extended", vote, by=by, now=now, document_id=document_of(vote),
          old=vote.closes_at.isoformat(), closes_at=closes_at.isoformat())
    vote.closes_at = closes_at
    db.session.flush()
    return vote


def due_votes(now: datetime) -> list[Vote]:
    """Every open vote past its deadline, in the order they close (then by id): the order they decide in."""
    query = select(Vote).where(Vote.status == "open", Vote.closes_at <= now)
    return list(db.session.scalars(query.order_by(Vote.closes_at, Vote.id)))


def outcome_label(outcome: str | None) -> str:
    return {"accepted": _("adopted"), "rejected": _("rejected"), "no_quorum": _("no quorum")}.get(outcome or "", "")


def request_vote(kind: str, subject, *, by: Person, now: datetime) -> None:
    """Ask for a vote on a subject (an amendment's author does): noted on it and in the record."""
    handler = kind_of(kind)
    if not handler.can_request(by, subject):
        raise Conflict(_("A vote cannot be asked for on this now."), code="cannot_request")
    handler.requested(subject, now=now)
    audit("vote.requested", subject, by=by, now=now, document_id=handler.document_id(subject))
    db.session.flush()
