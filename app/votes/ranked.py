"""Ranked votes: the ballot that ranks a subject's options, and its count by the Schulze method.

A ranked vote decides between options (competing amendments and *keep the current text*). The
Schulze count (app/votes/schulze.py) picks the winner; then the rules of the vote apply as to any
vote, to one question: the winner against the current text. So the tally of a ranked vote is that
question's — *for* the organisations ranking the winner above the current text, *against* those
ranking the current text above it, *abstain* those with no preference between the two — and the
quorum and threshold read it as they read an approval vote's. When the current text itself wins,
nothing is adopted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import Invalid
from app.extensions import db
from app.votes import schulze
from app.votes.models import Ballot, Vote, VoteElector
from app.votes.subjects import Option, handler_of, subject_of
from app.votes.tally import Tally

CURRENT = "current"
MAX_OPTIONS = 12


def options_of(vote: Vote) -> list[Option]:
    return handler_of(vote).options(subject_of(vote))


def as_text(tiers: schulze.Ranking) -> str:
    """A ranking as stored: canonical JSON, so that the record compares ballots and their events exactly."""
    return json.dumps(tiers, separators=(",", ":"), ensure_ascii=False)


def decode(text: str | None) -> schulze.Ranking:
    return json.loads(text) if text else []


def check_ranking(vote: Vote, ranking: object) -> str:
    """A ranking of this vote's options (a list of lists of keys, best first), as stored; 422 otherwise."""
    keys = [option.key for option in options_of(vote)]
    if not isinstance(ranking, list) or not all(isinstance(tier, list) and all(isinstance(key, str) for key in tier)
                                                for tier in ranking):
        raise Invalid(_("Give the ranking as a list of lists of option keys, best first."), code="invalid_ranking")
    try:
        return as_text(schulze.normalise(ranking, keys))
    except ValueError:
        raise Invalid(_("Rank each option at most once, among %(keys)s.", keys=", ".join(keys)),
                      code="invalid_ranking") from None


def preference(text: str | None, x: str, y: str) -> str:
    """How a ranked ballot compares x and y: "for" (x above y), "against" (y above x) or "abstain" (tied)."""
    place = {key: n for n, tier in enumerate(decode(text)) for key in tier}
    last = len(place) + 1
    first, second = place.get(x, last), place.get(y, last)
    return "for" if first < second else "against" if second < first else "abstain"


def counted_rankings(vote: Vote) -> list[schulze.Ranking]:
    """The rankings of the ballots that count: those of the electorate frozen at the opening."""
    query = select(Ballot.ranking).where(Ballot.vote_id == vote.id)
    if vote.elector_ids is not None:
        query = query.join(VoteElector, (VoteElector.vote_id == Ballot.vote_id)
                           & (VoteElector.organisation_id == Ballot.organisation_id))
    return [decode(text) for text in db.session.scalars(query)]


@dataclass(frozen=True)
class RankedTally(Tally):
    """The tally of the winner against the current text, with the whole count it came from."""

    count: schulze.Count = None  # type: ignore[assignment]
    challenger: str | None = None  # the option set against the current text: the winner, or the best amendment

    @property
    def outcome(self) -> str:
        if not self.quorum_reached:
            return "no_quorum"
        if self.count.winner == CURRENT:
            return "rejected"
        return "accepted" if self.threshold_reached else "rejected"


def challenger_of(count: schulze.Count) -> str | None:
    """The winner; when the current text wins, the amendment ranked best after it (for the figures only)."""
    if count.winner != CURRENT:
        return count.winner
    return next((key for tier in count.ranking for key in tier if key != CURRENT), None)


def tally_of(count: schulze.Count, *, eligible: int, quorum: float, threshold: float) -> RankedTally:
    challenger = challenger_of(count)
    prefer = count.prefer(challenger, CURRENT) if challenger else 0
    against = count.prefer(CURRENT, challenger) if challenger else 0
    return RankedTally(prefer, against, count.ballots - prefer - against, eligible, quorum, threshold,
                       count=count, challenger=challenger)


def count_of(vote: Vote) -> schulze.Count:
    """The count as the ballots stand (a closed vote's ballots no longer change)."""
    subject = subject_of(vote)
    handler = handler_of(vote)
    keys = [option.key for option in handler.options(subject)]
    return schulze.count(counted_rankings(vote), keys, tie_break=handler.tie_break(subject))


def ranked_tally(vote: Vote) -> RankedTally:
    return tally_of(count_of(vote), eligible=vote.eligible_count, quorum=vote.quorum, threshold=vote.threshold)


def stored_count(vote: Vote) -> schulze.Count | None:
    """The count filed when the vote closed."""
    return schulze.from_json(json.loads(vote.result_json)) if vote.result_json else None
