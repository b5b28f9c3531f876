"""Follow a quoted passage into later versions: exact match first, then a bounded fuzzy match.

An anchor keeps the quote, up to 32 characters of context on each side, and its offset.
In a new text the quote is looked for exactly (the occurrence whose context matches best,
then the nearest); failing that, diff-match-patch's fuzzy matcher finds its start and its
end (it takes 32-character patterns), and the passage found must still resemble the quote.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.text.fuzzy import fuzzy_span

CONTEXT = 32
MIN_SIMILARITY = 0.6  # the passage found must be this close to the quote (1 - edits / length)
MIN_SIMILARITY_ELSEWHERE = 0.8  # stricter when the passage left its clause
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
    return fuzzy_span(anchor.quote, anchor.offset, text, min_similarity)


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
        if not _may_contain(anchor.quote, text):
            continue
        span = fuzzy_span(anchor.quote, anchor.offset, text, MIN_SIMILARITY_ELSEWHERE)
        if span:
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
