"""Stable clause ids across versions: a clause that is unchanged, moved or lightly edited keeps its id.

Alignment: identical clauses are matched first (wherever they went); the longest run of
them still in order anchors the rest; between two anchors, the leftover old and new
clauses are paired in order when similar enough. Work is linear in the number of
clauses: a bounded window of candidates per clause, and a bounded number of dmp calls.
"""
from __future__ import annotations

import secrets
import string
from collections import defaultdict, deque
from collections.abc import Callable

from app.text.increasing import in_order
from app.text.similarity import Scorer

SIMILARITY_THRESHOLD = 0.5
WINDOW = 4  # old clauses looked at for each new one, in order, within a gap
_FIRST = string.ascii_lowercase
_ALPHABET = string.ascii_lowercase + string.digits


def new_clause_id() -> str:
    """A new clause id: 8 URL-safe characters [a-z0-9], the first a letter."""
    return secrets.choice(_FIRST) + "".join(secrets.choice(_ALPHABET) for _ in range(7))


def assign_ids(
    previous: list[tuple[str, str]], current: list[str], new_id: Callable[[], str] | None = None, *,
    near: bool = True,
) -> list[str]:
    """One id per current clause text: the previous id of the same clause, or a new one.

    `near`: only the clauses between the texts' identical ends are aligned, the ends keeping
    their ids: exactly what aligning every clause gives (near=False, the reference; compared in
    tests/text/test_identity.py), since the ends' pairs open and close every longest run in
    order and leave no gap of their own, for a version that changed one clause of a thousand.
    """
    old = [text.strip() for _, text in previous]
    new = [text.strip() for text in current]
    head, tail = _common_ends(old, new)
    used = {clause_id for clause_id, _ in previous}
    make = new_id or new_clause_id
    if not near:
        matched = _identical(old, new, head, tail) | _ends(old, new, head, tail)
        _pair_similar(old, new, matched, (-1, -1), (len(new), len(old)))
        return [previous[matched[j]][0] if j in matched else _fresh(make, used) for j in range(len(new))]
    matched = _identical(old, new, head, tail)
    _pair_similar(old, new, matched, (head - 1, head - 1), (len(new) - tail, len(old) - tail))
    middle = [previous[matched[j]][0] if j in matched else _fresh(make, used)
              for j in range(head, len(new) - tail)]
    return ([clause_id for clause_id, _ in previous[:head]] + middle
            + [clause_id for clause_id, _ in previous[len(old) - tail:]])


def _fresh(make: Callable[[], str], used: set[str]) -> str:
    clause_id = make()
    attempts = 1
    while clause_id in used:  # a caller's generator, or bad luck, must not reuse an id
        clause_id = make() if attempts < 3 else new_clause_id()  # nor loop on a stuck generator
        attempts += 1
    used.add(clause_id)
    return clause_id


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many first and last texts are identical in both (the last ones after the first)."""
    size = min(len(old), len(new))
    head = next((k for k in range(size) if old[k] != new[k]), size)
    tail = next((k for k in range(size - head) if old[-1 - k] != new[-1 - k]), size - head)
    return head, tail


def _ends(old: list[str], new: list[str], head: int, tail: int) -> dict[int, int]:
    """new index -> old index of the identical ends."""
    matched = {k: k for k in range(head)}
    matched.update({len(new) - 1 - k: len(old) - 1 - k for k in range(tail)})
    return matched


def _identical(old: list[str], new: list[str], head: int, tail: int) -> dict[int, int]:
    """new index -> old index of identical texts between the identical ends, by first free occurrence."""
    where: defaultdict[str, deque[int]] = defaultdict(deque)
    for i in range(head, len(old) - tail):
        where[old[i]].append(i)
    matched = {}
    for j in range(head, len(new) - tail):
        if where[new[j]]:
            matched[j] = where[new[j]].popleft()
    return matched


def _pair_similar(old: list[str], new: list[str], matched: dict[int, int], first: tuple[int, int],
                  last: tuple[int, int]) -> None:
    """Pair similar texts in the gaps between the longest run of `matched` in order, from the
    (new, old) pair `first` (excluded) to `last` (excluded)."""
    anchors = in_order(sorted(matched.items()))
    taken = set(matched.values())
    scorer = Scorer(old, new)
    bounds = [first] + anchors + [last]
    for (new_lo, old_lo), (new_hi, old_hi) in zip(bounds, bounds[1:]):
        new_gap = [j for j in range(new_lo + 1, new_hi) if j not in matched]
        old_gap = [i for i in range(old_lo + 1, old_hi) if i not in taken]
        if new_gap and old_gap:
            matched.update(_pair_gap(old_gap, new_gap, scorer))


def _pair_gap(old_gap: list[int], new_gap: list[int], scorer: Scorer) -> dict[int, int]:
    pairs: dict[int, int] = {}
    start = 0
    for position, j in enumerate(new_gap):
        candidates = old_gap[start:start + WINDOW]
        scores = [scorer.similarity(i, j) for i in candidates]
        if not scores or max(scores) < SIMILARITY_THRESHOLD:
            continue
        best = scores.index(max(scores))
        following = new_gap[position + 1] if position + 1 < len(new_gap) else None
        if following is not None and scorer.similarity(candidates[best], following) > max(scores):
            continue  # the next new clause is a better match for that old one: let it take it
        pairs[j] = candidates[best]
        start += best + 1
    return pairs
