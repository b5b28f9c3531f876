"""The text engine's work, counted for tests that bound it: never a duration (the machine is shared).

`counting()` wraps diff-match-patch's diff_main and the clause Scorer's similarity while its block
runs. Each diff asked for (not dmp's own recursion into its halves) is recorded with the characters
it was given past their common ends (dmp strips those first), the characters it inserted or
deleted, and its Diff_Timeout: dmp's bisection costs about (size) x (changed), and a diff whose
Diff_Timeout is 0 has no deadline, so no time-out can have cut it short, however busy the machine.
`race_the_clock` plays that busiest machine: a day goes by between any two readings of the clock,
so anything timed gives up at once.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch

from app.text.similarity import Scorer


@dataclass(frozen=True)
class Diff:
    """One diff_main call asked for by the engine."""

    size: int  # characters of both sides, past their common ends
    changed: int  # characters inserted or deleted
    timeout: float  # its Diff_Timeout: 0 is untimed

    @property
    def work(self) -> int:
        """About what dmp's bisection spends on it: (size) x (changed)."""
        return self.size * self.changed


@dataclass
class Work:
    """What the engine did in a `counting()` block."""

    diffs: list[Diff] = field(default_factory=list)
    similarities: int = 0  # Scorer.similarity calls: clause pairs compared

    @property
    def chars(self) -> int:
        """Characters given to diff_main past their common ends, all diffs told."""
        return sum(diff.size for diff in self.diffs)

    @property
    def steps(self) -> int:
        """The bisection's work, all diffs told."""
        return sum(diff.work for diff in self.diffs)

    @property
    def timed(self) -> int:
        """Diffs that ran under a time limit (which a busy machine may have cut short)."""
        return sum(1 for diff in self.diffs if diff.timeout > 0)


@contextmanager
def counting() -> Iterator[Work]:
    """Count the diffs and clause comparisons made inside the block."""
    work = Work()
    diff_main, similarity = diff_match_patch.diff_main, Scorer.similarity

    def counted_diff(self, text1, text2, checklines=True, deadline=None):
        ops = diff_main(self, text1, text2, checklines, deadline)
        if deadline is None:  # asked for, not dmp's recursion
            head = self.diff_commonPrefix(text1, text2)
            ends = head + self.diff_commonSuffix(text1[head:], text2[head:])
            changed = sum(len(text) for op, text in ops if op != 0)
            work.diffs.append(Diff(len(text1) + len(text2) - 2 * ends, changed, self.Diff_Timeout))
        return ops

    def counted_similarity(self, i, j):
        work.similarities += 1
        return similarity(self, i, j)

    diff_match_patch.diff_main, Scorer.similarity = counted_diff, counted_similarity
    try:
        yield work
    finally:
        diff_match_patch.diff_main, Scorer.similarity = diff_main, similarity


class RacingClock:
    """A clock on the busiest machine: a day goes by between any two readings."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        self.now += 86_400
        return self.now


def race_the_clock(monkeypatch) -> None:
    """Make time.time, perf_counter and monotonic race for the rest of the test."""
    for name in ("time", "perf_counter", "monotonic"):
        monkeypatch.setattr(time, name, RacingClock())
