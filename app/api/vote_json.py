"""Votes and ballots as the JSON of API.md."""
from __future__ import annotations

from app import policy
from app.votes import ranked
from app.votes.models import Ballot, Vote
from app.votes.tally import Tally


def tally_json(vote: Vote, tally: Tally, caller) -> dict | None:
    """The counts, or null while a secret vote is open (only how many organisations voted is told)."""
    if not policy.can_see_tally(caller, vote):
        return None
    counts = (vote.count_for, vote.count_against, vote.count_abstain) if vote.status == "closed" else (
        tally.count_for, tally.count_against, tally.count_abstain)
    return {"for": counts[0], "against": counts[1], "abstain": counts[2]}


def vote_json(vote: Vote, tally: Tally, caller=None) -> dict:
    """The `vote` object an amendment or application carries."""
    return {
        "id": vote.id,
        "status": vote.status,
        "opens_at": vote.opens_at.isoformat(),
        "closes_at": vote.closes_at.isoformat(),
        "closed_at": vote.closed_at.isoformat() if vote.closed_at else None,
        "tally": tally_json(vote, tally, caller),
        "ballots_cast": tally.cast,
        "eligible": vote.eligible_count,
        "quorum": vote.quorum,
        "threshold": vote.threshold,
        "quorum_reached": tally.quorum_reached,
        "outcome": vote.outcome,
    }


def full_vote_json(vote: Vote, tally: Tally, caller, electorate: list[str]) -> dict:
    """GET /api/v1/votes/<id>: the vote whatever its subject, its rules and its frozen electorate; a ranked
    vote's options, and once closed its count (`result`)."""
    answer = {
        **vote_json(vote, tally, caller),
        "subject": {"kind": vote.subject_kind, "id": vote.subject_id},
        "method": vote.method,
        "rules": {"quorum": vote.quorum, "threshold": vote.threshold, "proxies_per_holder": vote.proxies_per_holder,
                  "secret_ballots": vote.secret_ballots},
        "electorate": electorate,
    }
    if vote.method == "ranked":
        answer["options"] = [{"key": option.key, "title": option.title,
                              **({"amendment_id": option.amendment_id} if option.amendment_id else {})}
                             for option in ranked.options_of(vote)]
        count = ranked.stored_count(vote)
        if count is not None:
            answer["result"] = {"pairwise": count.pairwise, "strongest_paths": count.strongest,
                                "ranking": count.ranking, "winner": count.winner}
    return answer


def said(ballot: Ballot) -> dict:
    """What a ballot says: {"choice"} or, ranked, {"ranking"}."""
    if ballot.ranking is not None:
        return {"ranking": ranked.decode(ballot.ranking)}
    return {"choice": ballot.choice}


def ballot_json(ballot: Ballot) -> dict:
    return {
        "organisation": ballot.organisation.slug,
        **said(ballot),
        "justification": ballot.justification,
        "cast_at": ballot.cast_at.isoformat(),
        "cast_by_proxy_of": ballot.proxy_holder.slug if ballot.proxy_holder else None,
    }
