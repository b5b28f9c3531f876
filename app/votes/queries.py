"""Lists of votes for the votes page, the home page and the history."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from app.extensions import db
from app.votes.models import Ballot, Vote


# A list never needs each vote's electorate (150 organisations each in a congress): not loaded.
LIST = lazyload(Vote.electors)


def open_votes() -> list[Vote]:
    return list(db.session.scalars(select(Vote).where(Vote.status == "open").options(LIST)
                                   .order_by(Vote.closes_at, Vote.id)))


def recent_closed_votes(limit: int = 20) -> list[Vote]:
    return list(db.session.scalars(
        select(Vote).where(Vote.status == "closed").options(LIST)
        .order_by(Vote.closes_at.desc(), Vote.id.desc()).limit(limit)))


def ballots_of_organisation(organisation) -> dict[int, Ballot]:
    """The ballots an organisation cast, by vote id (empty for a visitor)."""
    if organisation is None:
        return {}
    ballots = db.session.scalars(select(Ballot).where(Ballot.organisation_id == organisation.id))
    return {ballot.vote_id: ballot for ballot in ballots}


def deciding_votes(amendment_ids: list[int]) -> dict[int, Vote]:
    """The closed vote that decided each of these amendments, by amendment id (one query)."""
    if not amendment_ids:
        return {}
    votes = db.session.scalars(select(Vote).where(Vote.subject_kind == "amendment",
                                                  Vote.subject_id.in_(amendment_ids), Vote.status == "closed"))
    return {vote.subject_id: vote for vote in votes}
