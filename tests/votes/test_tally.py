"""The outcome as a pure function of the rules and the ballots."""
from __future__ import annotations

import pytest

from app.votes.tally import tally

SIMPLE, TWO_THIRDS = 0.5, 0.6667


@pytest.mark.parametrize(
    "choices, eligible, quorum, threshold, outcome, quorum_reached",
    [
        (["for", "for", "against"], 5, 0.5, SIMPLE, "accepted", True),  # 3/5 voted, 2/3 for
        (["for", "against"], 5, 0.5, SIMPLE, "no_quorum", False),  # 2/5 < half
        (["for", "against", "abstain"], 6, 0.5, SIMPLE, "rejected", True),  # quorum exactly reached, tie
        (["for", "for", "against", "against"], 4, 0.5, SIMPLE, "rejected", True),  # a tie never passes
        (["abstain", "abstain", "abstain"], 4, 0.5, SIMPLE, "rejected", True),  # all abstain: nobody for
        (["for", "for", "for", "for", "against", "against"], 6, 0.5, TWO_THIRDS, "accepted", True),  # 4/6
        (["for", "for", "against"], 3, 0.5, TWO_THIRDS, "accepted", True),  # 2/3 exactly
        (["for", "for", "for", "against", "against"], 5, 0.5, TWO_THIRDS, "rejected", True),  # 3/5 < 2/3
        (["for", "abstain", "abstain"], 6, 0.5, SIMPLE, "accepted", True),  # abstentions count for quorum
        ([], 5, 0.5, SIMPLE, "no_quorum", False),
        ([], 0, 0.5, SIMPLE, "no_quorum", False),  # no member organisation at all
        (["for"], 10, 0.0, SIMPLE, "accepted", True),  # no quorum required
        (["for", "for", "against"], 3, 1.0, 1.0, "rejected", True),  # unanimity required
        (["for", "for", "for"], 3, 1.0, 1.0, "accepted", True),
    ],
)
def test_outcome(choices, eligible, quorum, threshold, outcome, quorum_reached):
    result = tally(choices, eligible=eligible, quorum=quorum, threshold=threshold)
    assert result.outcome == outcome
    assert result.quorum_reached is quorum_reached
    assert result.cast == len(choices)


def test_counts_and_shares():
    result = tally(["for", "against", "abstain", "for"], eligible=8, quorum=0.5, threshold=0.5)
    assert (result.count_for, result.count_against, result.count_abstain) == (2, 1, 1)
    assert result.participation == 0.5
    assert result.share_for == pytest.approx(2 / 3)


def test_share_is_none_when_nobody_took_a_side():
    assert tally(["abstain"], eligible=1, quorum=0, threshold=0.5).share_for is None
