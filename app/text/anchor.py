"""Follow a quoted passage into later versions: exact match first, then a bounded fuzzy match.

An anchor keeps the quote, up to 32 characters of context on each side, and its offset.
In a new text the quote is looked for exactly (the occurrence whose context matches best,
then the nearest); failing that, diff-match-patch's fuzzy matcher finds its start and its
end (it takes 32-character patterns), and the passage found must still resemble the quote.
"""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

CONTEXT = 32
MATCH_BITS = 32  # diff-match-patch's pattern limit
MATCH_THRESHOLD = 0.4  # 0 exact ... 1 anything: how many errors dmp may accept in a pattern
MIN_SIMILARITY = 0.6  # the passage found must be this close to the quote (1 - edits / length)
MIN_SIMILARITY_ELSEWHERE = 0.8  # stricter when the passage left its clause
MIN_FUZZY_LENGTH = 4  # shorter quotes are only ever matched exactly
MAX_OCCURRENCES = 200  # exact occurrences weighed (a one-letter quote may occur everywhere)


@dataclass(frozen=True)
class Anchor:
    """A quoted passage of a clause, with its context and where it started."""

    quote: str
    prefix: str
    suffix: str
    offset: int


def make_anchor(clause_text: str, quote: str, offset: int | None = None) -> Anchor:
    """The anchor of `quote` in `clause_text`; ValueError when the quote is not in it."""
    if not quote:
        raise ValueError("an anchor needs a non-empty quote")
    if offset is None or clause_text[offset:offset + len(quote)] != quote:
        occurrences = _occurrences(clause_text, quote)
        if not occurrences:
            raise ValueError("the quote is not in the clause text")
        offset = min(occurrences, key=lambda at: abs(at - (offset or 0)))
    return anchor_at(clause_text, offset, offset + len(quote))


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end], with its context."""
    return Anchor(text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT], start)


def locate(anchor: Anchor, text: str) -> int | None:
    """Where the quoted passage starts in `text` now, or None when it is gone."""
    span = find_span(anchor, text)
    return span[0] if span else None


def find_span(anchor: Anchor, text: str, min_similarity: float = MIN_SIMILARITY) -> tuple[int, int] | None:
    """The (start, end) of the passage in `text`: exact if it is there, else fuzzy, else None."""
    exact = _best_exact(anchor, text)
    if exact is not None:
        return exact, exact + len(anchor.quote)
    return _fuzzy(anchor, text, min_similarity)


def reanchor(anchor: Anchor, clause_id: str, new_clauses: list[tuple[str, str]]) -> tuple[str, Anchor] | None:
    """The clause now holding the passage (its own clause first) and the updated anchor; None: outdated."""
    texts = dict(new_clauses)
    if clause_id in texts and (span := find_span(anchor, texts[clause_id])):
        return clause_id, anchor_at(texts[clause_id], *span)
    others = [(other, text) for other, text in new_clauses if other != clause_id]
    exact = [(other, text, at) for other, text in others if (at := _best_exact(anchor, text)) is not None]
    if exact:
        other, text, at = max(exact, key=lambda found: _context_score(anchor, found[1], found[2]))
        return other, anchor_at(text, at, at + len(anchor.quote))
    for other, text in others:
        if _may_contain(anchor.quote, text) and (span := _fuzzy(anchor, text, MIN_SIMILARITY_ELSEWHERE)):
            return other, anchor_at(text, *span)
    return None


def _occurrences(text: str, quote: str) -> list[int]:
    found: list[int] = []
    at = text.find(quote)
    while at >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _best_exact(anchor: Anchor, text: str) -> int | None:
    """The occurrence whose surroundings match the old context best; then the nearest one."""
    occurrences = _occurrences(text, anchor.quote)
    if not occurrences:
        return None
    return max(occurrences, key=lambda at: (_context_score(anchor, text, at), -abs(at - anchor.offset)))


def _context_score(anchor: Anchor, text: str, at: int) -> int:
    before = text[max(0, at - len(anchor.prefix)):at]
    after = text[at + len(anchor.quote):at + len(anchor.quote) + len(anchor.suffix)]
    return _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)


def _fuzzy(anchor: Anchor, text: str, min_similarity: float) -> tuple[int, int] | None:
    quote = anchor.quote
    if len(quote) < MIN_FUZZY_LENGTH or not text:
        return None
    dmp = _matcher(text)
    expected = min(anchor.offset, len(text))
    start = dmp.match_main(text, quote[:MATCH_BITS], expected)
    if len(quote) <= MATCH_BITS:
        spans = [(start, start + len(quote))] if start >= 0 else []
    else:
        tail = quote[-MATCH_BITS:]
        expected_tail = min((start if start >= 0 else expected) + len(quote) - MATCH_BITS, len(text))
        end = dmp.match_main(text, tail, max(expected_tail, 0))
        spans = _long_quote_spans(start, end, len(quote))
    scored = [(_similarity(quote, text[a:b]), (a, b)) for a, b in spans if 0 <= a < b <= len(text)]
    best = max(scored, default=None)
    return best[1] if best and best[0] >= min_similarity else None


def _long_quote_spans(start: int, end: int, length: int) -> list[tuple[int, int]]:
    """Candidate spans of a long quote from where its head and its tail were found."""
    spans = []
    if start >= 0 and end >= start:
        spans.append((start, end + MATCH_BITS))
    if start >= 0:
        spans.append((start, start + length))
    if end >= 0:
        spans.append((max(0, end + MATCH_BITS - length), end + MATCH_BITS))
    return spans


def _matcher(text: str) -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = MATCH_THRESHOLD
    dmp.Match_Distance = max(1000, len(text))  # anywhere in a clause, nearer is still better
    dmp.Diff_Timeout = 0.05
    return dmp


def _similarity(quote: str, found: str) -> float:
    """1 - (character edits / longest length), from a bounded dmp diff."""
    dmp = _matcher(found)
    edits = dmp.diff_levenshtein(dmp.diff_main(quote, found, False))
    return 1 - edits / max(len(quote), len(found))


def _may_contain(quote: str, text: str) -> bool:
    """A cheap test before a fuzzy search of another clause: a piece of the quote is there."""
    size = min(8, len(quote))
    return any(quote[at:at + size] in text for at in range(0, max(len(quote) - size, 0) + 1, size))


def _common_prefix(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return size


def _common_suffix(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size
