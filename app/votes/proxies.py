"""Proxies ("pouvoirs"): an organisation lets another member organisation cast its ballot on one vote.

As French associations' statutes allow: a holder holds at most the vote's `proxies_per_holder`
(0: no proxies); a proxy is revocable until it is used; the giver's own ballot replaces it.
Every proxy given, revoked, used or replaced is in the record.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from app import policy
from app.audit.services import record as audit
from app.errors import Conflict, Invalid, NotAllowed
from app.extensions import db
from app.members.models import Organisation, Person
from app.votes.models import Ballot, Vote, VoteProxy


def proxy_of(vote: Vote, giver_id: int, *, lock: bool = False) -> VoteProxy | None:
    """The proxy an organisation gave on a vote; `lock` holds its row until the commit (PostgreSQL), so that
    a ballot cast with it and the giver's own ballot replacing it happen one after the other."""
    query = select(VoteProxy).where(VoteProxy.vote_id == vote.id, VoteProxy.giver_id == giver_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def proxies_held(vote: Vote, holder_id: int) -> list[VoteProxy]:
    """The proxies an organisation holds on a vote, the givers loaded."""
    return list(db.session.scalars(select(VoteProxy).where(VoteProxy.vote_id == vote.id,
                                                           VoteProxy.holder_id == holder_id)
                                   .order_by(VoteProxy.giver_id)))


def proxies_of_vote(vote: Vote) -> list[VoteProxy]:
    return list(db.session.scalars(select(VoteProxy).where(VoteProxy.vote_id == vote.id).order_by(VoteProxy.id)))


def proxies_of_organisation(vote: Vote, organisation_id: int) -> tuple[VoteProxy | None, list[VoteProxy]]:
    """The proxy an organisation gave on a vote and those it holds (by giver), with both organisations, in one
    query however many it holds."""
    found = db.session.scalars(
        select(VoteProxy).where(VoteProxy.vote_id == vote.id,
                                or_(VoteProxy.giver_id == organisation_id, VoteProxy.holder_id == organisation_id))
        .options(joinedload(VoteProxy.giver), joinedload(VoteProxy.holder)).order_by(VoteProxy.giver_id)).all()
    given = next((proxy for proxy in found if proxy.giver_id == organisation_id), None)
    return given, [proxy for proxy in found if proxy.holder_id == organisation_id]


def ballots_of_organisations(vote: Vote, organisation_ids: list[int]) -> dict[int, Ballot]:
    """The ballots of these organisations on a vote, by organisation, who cast each loaded: one query."""
    return {ballot.organisation_id: ballot for ballot in db.session.scalars(
        select(Ballot).where(Ballot.vote_id == vote.id, Ballot.organisation_id.in_(organisation_ids))
        .options(joinedload(Ballot.cast_by)))}


def ballot_of(vote: Vote, organisation_id: int) -> Ballot | None:
    return db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id, Ballot.organisation_id == organisation_id))


def check_can_give(vote: Vote, *, by: Person, holder: Organisation, now: datetime) -> None:
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    if not policy.can_give_proxy(by, vote):
        raise NotAllowed(_("Only a delegate of an organisation of this vote’s electorate can give its proxy."))
    if vote.proxies_per_holder <= 0:
        raise Conflict(_("The rules of this vote allow no proxies."), code="proxy_limit")
    if holder.id == by.organisation_id:
        raise Invalid(_("An organisation cannot give its proxy to itself."), code="invalid_proxy")
    if not policy.in_electorate(vote, holder):
        raise Invalid(_("%(name)s is not in this vote’s electorate: it cannot hold a proxy.", name=holder.name),
                      code="invalid_proxy")
    mine = ballot_of(vote, by.organisation_id)
    if mine is not None:
        raise Conflict(_("Your organisation has cast its ballot already: it can no longer give its proxy."),
                       code="ballot_cast")


def give_proxy(vote: Vote, *, by: Person, holder: Organisation, now: datetime) -> VoteProxy:
    """Give (or move) `by`'s organisation's proxy on this vote to `holder`; 409 `proxy_limit` over the cap.

    The holder's row in `organisation` is locked first (SELECT … FOR UPDATE on PostgreSQL; SQLite
    writes one at a time), so two proxies given at once to one holder cannot both pass the cap.
    """
    check_can_give(vote, by=by, holder=holder, now=now)
    db.session.execute(select(Organisation.id).where(Organisation.id == holder.id).with_for_update())
    held = db.session.scalar(select(func.count()).select_from(VoteProxy).where(
        VoteProxy.vote_id == vote.id, VoteProxy.holder_id == holder.id, VoteProxy.giver_id != by.organisation_id))
    if held >= vote.proxies_per_holder:
        raise Conflict(_("%(name)s already holds as many proxies as the rules allow (%(n)d).",
                         name=holder.name, n=vote.proxies_per_holder), code="proxy_limit")
    if vote.proxies_per_holder and proxies_held(vote, by.organisation_id):
        raise Conflict(_("Your organisation holds other organisations’ proxies on this vote: it cannot pass "
                         "its own on."), code="proxy_chain")
    existing = proxy_of(vote, by.organisation_id)
    if existing is None:
        existing = VoteProxy(vote_id=vote.id, giver_id=by.organisation_id, holder_id=holder.id, given_by_id=by.id,
                             given_at=now)
        db.session.add(existing)
    else:
        existing.holder_id, existing.given_by_id, existing.given_at = holder.id, by.id, now
    db.session.flush()
    audit("proxy.given", vote, by=by, now=now, organisation_id=by.organisation_id, to=holder.slug)
    return existing


def revoke_proxy(vote: Vote, *, by: Person, now: datetime) -> None:
    """The giver takes its proxy back, until the holder has cast it."""
    if vote.status != "open" or now >= vote.closes_at:
        raise Conflict(_("This vote is not open."), code="vote_closed")
    if not policy.can_give_proxy(by, vote):
        raise NotAllowed(_("Only a delegate of the organisation that gave the proxy can revoke it."))
    proxy = proxy_of(vote, by.organisation_id)
    if proxy is None:
        raise Conflict(_("Your organisation has given no proxy on this vote."), code="no_proxy")
    if ballot_of(vote, by.organisation_id) is not None:
        raise Conflict(_("The proxy has been used: cast your own ballot to replace it."), code="proxy_used")
    holder = proxy.holder.slug
    db.session.delete(proxy)
    db.session.flush()
    audit("proxy.revoked", vote, by=by, now=now, organisation_id=by.organisation_id, to=holder)


def replace_proxy(vote: Vote, organisation_id: int, *, by: Person, now: datetime) -> bool:
    """The giver's own delegate casts a ballot: the proxy ends (recorded); True if there was one."""
    proxy = proxy_of(vote, organisation_id)
    if proxy is None:
        return False
    holder = proxy.holder.slug
    db.session.execute(delete(VoteProxy).where(VoteProxy.id == proxy.id))
    db.session.expunge(proxy)
    audit("proxy.replaced", vote, by=by, now=now, organisation_id=organisation_id, to=holder)
    return True
