"""diff-match-patch diffs without a time limit, their work bounded by counting instead.

A diff under a time limit is coarser on a busy machine: two workers would show the same two
texts changed differently (and keep them so, as page pieces). None of the engine's diffs has
one (Diff_Timeout = 0). dmp's bisection costs about (characters of both sides) x (characters
changed), the "work" below, so a diff is dmp's exact one when its work is known to be small:
the two sides are short past their common ends, or a cheaper diff already shows few changes.

That cheaper diff is anchored on the characters found once on each side, in order (the
patience diff's idea: words and lines are diffed as one character each, so these are words or
lines found once), and diffs the gaps between anchors exactly while a work budget lasts,
anchoring again inside the gaps too big for an exact diff: a valid diff of bounded work, met
only on long texts changed throughout, where it shows a little more deleted and inserted.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from diff_match_patch import diff_match_patch

from app.text.increasing import found_once_in_order

Op = tuple[int, str]

# Work an exact diff may cost: about 80 ns each, ~130 ms at worst. Any pair of up to 1,260
# characters (both sides, past their common ends) gets it, and so does any pair shown to be close.
EXACT_WORK = 1_600_000
ANCHORED_WORK = EXACT_WORK  # the exact diffs of the gaps between anchors, all told (each its size squared)
ANCHOR_DEPTH = 3  # a gap too big for an exact diff is anchored again, on the characters found once in it


class Budget:
    """Work left for exact diffs (each charged its size squared, its worst case)."""

    def __init__(self, work: int) -> None:
        self.left = work

    def spend(self, work: int) -> bool:
        """Take `work` from what is left, if there is that much left."""
        if work > self.left:
            return False
        self.left -= work
        return True


def untimed_dmp() -> diff_match_patch:
    """A diff_match_patch without time limit (one per call: they are cheap, not thread-safe)."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def diff(a: str, b: str) -> list[Op]:
    """The diff of two strings: dmp's exact one when its work is known to be at most EXACT_WORK,
    else the anchored diff; never timed, so the same on any machine at any load."""
    dmp = untimed_dmp()
    head, tail = _common_ends(dmp, a, b)
    size = len(a) + len(b) - 2 * (head + tail)
    if size * size <= EXACT_WORK:
        return dmp.diff_main(a, b, False)
    anchored = _anchored(dmp, a, b, ANCHOR_DEPTH, Budget(ANCHORED_WORK))
    changed = sum(len(text) for op, text in anchored if op != 0)
    if size * changed <= EXACT_WORK:  # the exact diff changes no more than this valid one
        return dmp.diff_main(a, b, False)
    return anchored


def _common_ends(dmp: diff_match_patch, a: str, b: str) -> tuple[int, int]:
    head = dmp.diff_commonPrefix(a, b)
    return head, dmp.diff_commonSuffix(a[head:], b[head:])


def _anchored(dmp: diff_match_patch, a: str, b: str, depth: int, budget: Budget) -> list[Op]:
    """Common ends kept, then the characters found once on each side and in order, then the
    gaps between them, diffed exactly while the budget lasts (else deleted and inserted whole)."""
    head, tail = _common_ends(dmp, a, b)
    a_middle, b_middle = a[head:len(a) - tail], b[head:len(b) - tail]
    size = len(a_middle) + len(b_middle)
    if a_middle and b_middle and size * size <= EXACT_WORK and budget.spend(size * size):
        middle = dmp.diff_main(a_middle, b_middle, False)
    else:
        anchors = found_once_in_order(a_middle, b_middle) if depth and a_middle and b_middle else []
        middle = [(-1, a_middle), (1, b_middle)]
        if anchors:
            middle = _between_anchors(dmp, a_middle, b_middle, anchors, depth, budget)
    return merge_ops([(0, a[:head])] + middle + [(0, a[len(a) - tail:])])


def _between_anchors(dmp: diff_match_patch, a: str, b: str, anchors: list[tuple[int, int]], depth: int,
                     budget: Budget) -> list[Op]:
    ops: list[Op] = []
    a_start = b_start = 0
    for i, j in anchors + [(len(a), len(b))]:
        ops += _anchored(dmp, a[a_start:i], b[b_start:j], depth - 1, budget)
        ops.append((0, a[i:i + 1]))
        a_start, b_start = i + 1, j + 1
    return ops


def merge_ops(ops: list[Op]) -> list[Op]:
    """The diff with empty entries dropped and neighbours of the same op joined."""
    kept = [(op, text) for op, text in ops if text]
    return [(op, "".join(text for _, text in run)) for op, run in groupby(kept, key=itemgetter(0))]
