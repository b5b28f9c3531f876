"""The longest run of pairs still in order: what anchors clause ids, comparisons and word diffs.

Kept apart from identity.py so that the word similarity (similarity.py), which identity uses,
and the bounded diffs (bounded.py) can anchor long clauses on it too, on what is found once.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence


def in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (new, old) pairs, sorted by new, whose old indexes increase."""
    tails: list[int] = []  # smallest old index ending a run of each length
    tail_at: list[int] = []
    before: list[int] = []
    for index, (_, old_index) in enumerate(pairs):
        length = bisect_left(tails, old_index)
        tails[length:length + 1] = [old_index]
        tail_at[length:length + 1] = [index]
        before.append(tail_at[length - 1] if length else -1)
    run, index = [], tail_at[-1] if tail_at else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def found_once_in_order(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(index in a, index in b) of the items found once on each side: the longest run of them in order."""
    once_a, once_b = _once(a), _once(b)
    return in_order(sorted((i, once_b[item]) for item, i in once_a.items() if item in once_b))


def _once(items: Sequence[Hashable]) -> dict[Hashable, int]:
    counts = Counter(items)
    return {item: i for i, item in enumerate(items) if counts[item] == 1}
