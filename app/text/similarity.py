"""How alike two clauses are, cheaply: trigram overlap, then a word diff within a budget.

The trigram overlap forgives typos and reordering and rejects unrelated clauses in linear
time; only pairs that pass it get a diff-match-patch word diff (which sees the order), and
those diffs are bounded both in number and in time, so a total rewrite stays cheap.
"""
from __future__ import annotations

from collections import Counter

from app.text import words

PREFILTER_THRESHOLD = 0.35  # trigram overlap under which two clauses are not compared further
MAX_DMP_CALLS = 100  # per Scorer (one assign_ids call); then similarity is the trigram overlap alone
DMP_TIMEOUT_S = 0.005  # a timed-out diff is coarser, so it can only under-rate a pair
GRAM_SAMPLE = 10_000  # characters: a huge clause is judged by its two ends


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
        return (overlap + _word_ratio(a, b)) / 2

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


def _word_ratio(a: str, b: str) -> float:
    if len(a) + len(b) > 2 * GRAM_SAMPLE:
        return 0.0  # too long to compare word by word within budget: trust the trigrams alone
    a_tokens, b_tokens = words.tokens(a), words.tokens(b)
    if len(a_tokens) + len(b_tokens) > words.MAX_WORD_TOKENS:
        return 0.0  # too long to compare word by word within budget: trust the trigrams alone
    ops = words.diff_tokens(a_tokens, b_tokens, words.make_dmp(DMP_TIMEOUT_S), cleanup=False)
    return words.equal_ratio(ops, len(a) + len(b))
