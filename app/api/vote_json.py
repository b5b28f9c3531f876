"""Votes and ballots as the JSON of API.md."""
from __future__ import annotations

from app.votes.models import Ballot, Vote
from app.votes.tally import Tally


def vote_json(vote: Vote, tally: Tally) -> dict:
    counts = (vote.count_for, vote.count_against, vote.count_abstain) if vote.status == "closed" else (
        tally.count_for, tally.count_against, tally.count_abstain)
    return {
        "status": vote.status,
        "opens_at": vote.opens_at.isoformat(),
        "closes_at": vote.closes_at.isoformat(),
        "closed_at": vote.closed_at.isoformat() if vote.closed_at else None,
        "tally": {"for": counts[0], "against": counts[1], "abstain": counts[2]},
        "eligible": vote.eligible_count,
        "quorum": vote.quorum,
        "threshold": vote.threshold,
        "quorum_reached": tally.quorum_reached,
        "outcome": vote.outcome,
    }


def ballot_json(ballot: Ballot) -> dict:
    return {
        "organisation": ballot.organisation.slug,
        "choice": ballot.choice,
        "justification": ballot.justification,
        "cast_at": ballot.cast_at.isoformat(),
    }
