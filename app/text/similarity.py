"""How alike two clauses are: trigram overlap, then a word diff bounded by its work, never by a clock.

The trigram overlap forgives typos and reordering and rejects unrelated clauses in linear
time; only pairs that pass it get a word diff (which sees the order), and only so many per
Scorer. Clause ids, the comments that follow them and merge conflicts all hang on the score,
so it must be the same on any machine at any load: a diff-match-patch diff under a time
limit is coarser on a busy machine, so none has one here. Its cost is bounded by counting
instead: diff-match-patch's bisection costs about (tokens of both sides) × (tokens changed),
the "work" below.

The texts' common ends are whole tokens kept (linear). Their middle gets the exact diff
(diff-match-patch without time limit) when its work is known to be small: the middle is
short, or a cheap diff already shows few tokens changed. Otherwise the middle is anchored on
the tokens found once on each side, in order (the patience diff's idea), and the gaps
between anchors get exact diffs while a work budget lasts: a close approximation of the exact
score (a valid diff, it keeps no more tokens than the exact one, though it may keep a few more
characters), reached only on clauses changed throughout a long middle.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.text import words
from app.text.bounded import Budget
from app.text.increasing import found_once_in_order

PREFILTER_THRESHOLD = 0.35  # trigram overlap under which two clauses are not compared further
MAX_DMP_CALLS = 100  # per Scorer (one assign_ids call); then similarity is the trigram overlap alone
GRAM_SAMPLE = 10_000  # characters: a huge clause is judged by its two ends
# (tokens of both sides) x (tokens changed) an exact diff may cost: about 80 ns each, so ~13 ms at worst.
# Any middle of up to 400 tokens (some 90 words a side) gets it, and so does any pair shown to be close.
EXACT_WORK = 160_000
ANCHORED_WORK = EXACT_WORK  # the exact diffs of the gaps between anchors, all told (each its size squared)
ANCHOR_DEPTH = 3  # a gap too big for an exact diff is anchored again, on the tokens found once in it
MAX_MIDDLE_CHARS = 50_000  # a longer changed middle is not tokenised: none of it counts as kept


class Scorer:
    """Similarity of old and new clauses: trigram overlap, then a bounded word diff."""

    def __init__(self, old: list[str], new: list[str]) -> None:
        self.old, self.new = old, new
        self.grams: dict[tuple[int, int], Counter[str]] = {}
        self.dmp_calls = 0

    def similarity(self, i: int, j: int) -> float:
        """How alike old clause i and new clause j are, from 0 to 1."""
        a, b = self.old[i], self.new[j]
        if not a or not b:
            return float(a == b)
        overlap = _dice(self._grams(0, i, a), self._grams(1, j, b))
        if overlap < PREFILTER_THRESHOLD or self.dmp_calls >= MAX_DMP_CALLS:
            return overlap if overlap >= PREFILTER_THRESHOLD else 0.0
        self.dmp_calls += 1
        return (overlap + word_ratio(a, b)) / 2

    def _grams(self, side: int, index: int, text: str) -> Counter[str]:
        key = (side, index)
        if key not in self.grams:
            if len(text) > 2 * GRAM_SAMPLE:
                text = text[:GRAM_SAMPLE] + " " + text[-GRAM_SAMPLE:]
            flat = " ".join(text.lower().split())
            self.grams[key] = Counter(flat[k:k + 3] for k in range(max(len(flat) - 2, 1)))
        return self.grams[key]


def _dice(a: Counter[str], b: Counter[str]) -> float:
    common = sum((a & b).values())
    return 2 * common / (a.total() + b.total())


def word_ratio(a: str, b: str) -> float:
    """The share of both texts' characters a word diff keeps: what diff-match-patch without time
    limit gives whenever that is cheap to compute, a close approximation otherwise; never timed."""
    if not a and not b:
        return 1.0
    return 2 * kept_chars(a, b) / (len(a) + len(b))


def kept_chars(a: str, b: str) -> int:
    """The characters (of one side) the word diff of `a` and `b` keeps, its work bounded as above:
    whole tokens kept in order, so never more than an exact character diff keeps."""
    head, tail = words.common_token_ends(a, b)
    a_middle, b_middle = a[head:len(a) - tail], b[head:len(b) - tail]
    kept = head + tail
    if len(a_middle) + len(b_middle) <= MAX_MIDDLE_CHARS:
        kept += _kept_middle(words.tokens(a_middle), words.tokens(b_middle))
    return kept


@dataclass(frozen=True)
class Kept:
    """What a diff keeps of two token lists: characters (of one side) and tokens."""

    chars: int = 0
    tokens: int = 0

    def __add__(self, other: Kept) -> Kept:
        return Kept(self.chars + other.chars, self.tokens + other.tokens)


def _kept_middle(a: list[str], b: list[str]) -> int:
    """Characters kept by the word diff of two token lists without common ends."""
    size = len(a) + len(b)
    if size * size <= EXACT_WORK:
        return _exact(a, b).chars
    anchored = _anchored(a, b, ANCHOR_DEPTH, Budget(ANCHORED_WORK))
    changed_at_most = size - 2 * anchored.tokens  # the anchored diff is a diff: the exact one changes no more
    if size * changed_at_most <= EXACT_WORK:
        return _exact(a, b).chars
    return anchored.chars


def _exact(a: list[str], b: list[str]) -> Kept:
    """What diff-match-patch keeps, without time limit (so also without its half-match shortcut)."""
    a_chars, b_chars, token_of = words.encode(a, b)
    ops = words.make_dmp(0).diff_main(a_chars, b_chars, False)
    runs = [chars for op, chars in ops if op == 0]
    return Kept(sum(len(token_of[char]) for run in runs for char in run), sum(map(len, runs)))


def _anchored(a: list[str], b: list[str], depth: int, budget: Budget) -> Kept:
    """What a cheaper diff of two token lists keeps: common ends, then the tokens found once on each
    side and in order, then the gaps between them, diffed exactly while the budget lasts."""
    head = _common_length(a, b)
    tail = _common_length(a[head:][::-1], b[head:][::-1])
    ends = Kept(sum(map(len, a[:head])) + sum(map(len, a[len(a) - tail:])), head + tail)
    a, b = a[head:len(a) - tail], b[head:len(b) - tail]
    size = len(a) + len(b)
    if not a or not b:
        return ends
    if size * size <= EXACT_WORK and budget.spend(size * size):
        return ends + _exact(a, b)
    if depth == 0:
        return ends
    kept, a_start, b_start = ends, 0, 0
    for i, j in found_once_in_order(a, b) + [(len(a), len(b))]:
        kept += _anchored(a[a_start:i], b[b_start:j], depth - 1, budget)
        if i < len(a):
            kept += Kept(len(a[i]), 1)
        a_start, b_start = i + 1, j + 1
    return kept


def _common_length(a: list[str], b: list[str]) -> int:
    return next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
