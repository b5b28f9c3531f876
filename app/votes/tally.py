"""The outcome of a vote as a pure function of its rules and its ballots."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

# Rules are stored as decimals (0.6667 for two thirds): compare with this much slack so
# that 4 votes out of 6 reach a "0.6667" threshold, as the collective meant.
TOLERANCE = 1e-4


@dataclass(frozen=True)
class Tally:
    """Counts, whether the quorum is reached, and the outcome if the vote closed now."""

    count_for: int
    count_against: int
    count_abstain: int
    eligible: int
    quorum: float
    threshold: float

    @property
    def cast(self) -> int:
        return self.count_for + self.count_against + self.count_abstain

    @property
    def participation(self) -> float:
        return self.cast / self.eligible if self.eligible else 0.0

    @property
    def quorum_reached(self) -> bool:
        """Abstentions count towards the quorum: they took part."""
        return self.eligible > 0 and self.participation >= self.quorum - TOLERANCE

    @property
    def share_for(self) -> float | None:
        """Share of *for* among for + against; None when nobody took a side."""
        decided = self.count_for + self.count_against
        return self.count_for / decided if decided else None

    @property
    def threshold_reached(self) -> bool:
        """At least the threshold; a tie never passes, nor does a vote where nobody is for."""
        share = self.share_for
        if share is None or self.count_for == self.count_against:
            return False
        return share >= self.threshold - TOLERANCE

    @property
    def outcome(self) -> str:
        if not self.quorum_reached:
            return "no_quorum"
        return "accepted" if self.threshold_reached else "rejected"


def tally(choices: Iterable[str], *, eligible: int, quorum: float, threshold: float) -> Tally:
    """Count the ballots' choices under the given rules."""
    choices = list(choices)
    return Tally(choices.count("for"), choices.count("against"), choices.count("abstain"),
                 eligible, quorum, threshold)
