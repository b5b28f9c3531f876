"""Fuzzy search of a quoted passage with diff-match-patch, within a similarity floor.

dmp's bitap matcher takes patterns of at most 32 characters: a longer quote is found by
its head and by its tail, and the span between them is checked against the whole quote.
A span is only returned when it is still close to the quote (1 - edits / length).

Where a comment's passage is re-anchored is stored, so it must be the same on any machine
at any load: no diff here has a time limit (Diff_Timeout = 0; a timed diff is coarser on a
busy machine). The work is bounded by counting instead. The diffs that find where a pattern
ends compare at most 32 and 72 characters. The similarity of a span is an exact character
diff when what the two sides do not share at their ends is at most MAX_DIFF_CHARS (its worst
case, two unrelated middles, costs ~20 ms); a span too different in length to reach the floor
is not diffed at all; a longer changed middle is scored from the bounded word diff of
similarity.py, each character it does not keep counted as an edit (never more than the exact
score: a long passage changed throughout may be found outdated, never misplaced).
"""
from __future__ import annotations

from diff_match_patch import diff_match_patch

from app.text.similarity import kept_chars

MATCH_BITS = 32  # diff-match-patch's pattern limit
MATCH_THRESHOLD = 0.4  # 0 exact ... 1 anything: how many errors dmp may accept in a pattern
MIN_FUZZY_LENGTH = 4  # shorter quotes are only ever matched exactly
# Characters of both sides, past their common ends, an exact character diff is given: dmp's
# bisection costs about size x edits, so ~600 x 600 steps (~20 ms) when the two are unrelated.
MAX_DIFF_CHARS = 600


def fuzzy_span(quote: str, offset: int, text: str, min_similarity: float) -> tuple[int, int] | None:
    """The span of `text` closest to `quote` near `offset`, if it is at least `min_similarity` alike."""
    if len(quote) < MIN_FUZZY_LENGTH or not text:
        return None
    dmp = _matcher(text)
    expected = min(offset, len(text))
    head = quote[:MATCH_BITS]
    start = dmp.match_main(text, head, expected)
    if len(quote) <= MATCH_BITS:
        spans = [(start, _end_of(dmp, quote, text, start))] if start >= 0 else []
    else:
        tail = quote[-MATCH_BITS:]
        expected_tail = min((start if start >= 0 else expected) + len(quote) - MATCH_BITS, len(text))
        tail_at = dmp.match_main(text, tail, max(expected_tail, 0))
        end = _end_of(dmp, tail, text, tail_at) if tail_at >= 0 else -1
        spans = _long_quote_spans(start, end, len(quote))
    scored = [(_similarity(quote, text[a:b], min_similarity), (a, b))
              for a, b in spans if 0 <= a < b <= len(text)]
    best = max(scored, default=None)
    return best[1] if best and best[0] >= min_similarity else None


def _end_of(dmp: diff_match_patch, pattern: str, text: str, at: int) -> int:
    """Where `pattern`, found fuzzily at `at`, ends in `text` (words may have been added inside)."""
    window = text[at:at + 2 * len(pattern) + 8]
    # Map the pattern's last character, not its end: text after the match is not part of it.
    return at + dmp.diff_xIndex(dmp.diff_main(pattern, window, False), len(pattern) - 1) + 1


def _long_quote_spans(start: int, end: int, length: int) -> list[tuple[int, int]]:
    """Candidate spans of a long quote from where its head starts and its tail ends."""
    spans = []
    if start >= 0 and end > start:
        spans.append((start, end))
    if start >= 0:
        spans.append((start, start + length))
    if end >= 0:
        spans.append((max(0, end - length), end))
    return spans


def _matcher(text: str) -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = MATCH_THRESHOLD
    dmp.Match_Distance = max(1000, len(text))  # anywhere in a clause, nearer is still better
    dmp.Diff_Timeout = 0  # never timed: the callers bound the sizes they diff
    return dmp


def _similarity(quote: str, found: str, floor: float) -> float:
    """1 - (character edits / longest length), exact when that is cheap to know; a score under
    `floor` may be any score under it (the caller only keeps spans that reach it)."""
    longest = max(len(quote), len(found))
    if 1 - abs(len(quote) - len(found)) / longest < floor:
        return 0.0  # at least that many characters inserted or deleted: under the floor
    dmp = _matcher(found)
    head = dmp.diff_commonPrefix(quote, found)
    tail = dmp.diff_commonSuffix(quote[head:], found[head:])
    if len(quote) + len(found) - 2 * (head + tail) <= MAX_DIFF_CHARS:
        # diff_main diffs only what lies between the common ends: this much, at most.
        return 1 - dmp.diff_levenshtein(dmp.diff_main(quote, found, False)) / longest
    return 1 - (len(quote) + len(found) - 2 * kept_chars(quote, found)) / longest
