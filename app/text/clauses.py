"""Split a Markdown text into clauses: the blocks a reader comments on and an amendment changes.

A line-based block scanner, close to CommonMark for the usual cases and total for every
input: the clauses always join back to the exact text, byte for byte, in O(n).

A text that differs from one already split only in one passage (an amendment and its base, a
merged text and the head) is split near that passage only (`split_near`): a merge checking
hundreds of amendments of a long text then pays for their changes, not for the text's length.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from app.text.scanner import find_starts, find_starts_settled

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(frozen=True)
class Clause:
    """One block of a document, with its exact source (trailing blank lines included)."""

    kind: str
    source: str
    depth: int = 0

    @property
    def text(self) -> str:
        """The source without the blank lines and spaces around it."""
        return self.source.strip()


def split_lines(markdown: str) -> list[str]:
    """The lines of a text, each with its own line ending (\\n, \\r\\n or \\r)."""
    return _LINE_RE.findall(markdown)


# A merge splits the same long texts more than once (the merged text, then the version made
# of it, then the amendments checked against that version): the last few are kept.
_CACHED_FROM = 10_000  # characters
_CACHED_TEXTS = 4


def split_clauses(markdown: str) -> list[Clause]:
    """Split a Markdown text into clauses that join back to it exactly."""
    if len(markdown) >= _CACHED_FROM:
        return list(_split_long(markdown))
    return _split(markdown)


@lru_cache(maxsize=_CACHED_TEXTS)
def _split_long(markdown: str) -> tuple[Clause, ...]:
    return tuple(_split(markdown))  # Clause is frozen: sharing them is safe


def _split(markdown: str) -> list[Clause]:
    lines = split_lines(markdown)
    return _clauses(lines, find_starts(lines))


def _clauses(lines: list[str], starts: list[tuple[int, str, int]]) -> list[Clause]:
    if lines and not starts:
        starts = [(0, "paragraph", 0)]  # blank lines only: still one clause, so nothing is lost
    ends = [start for start, _, _ in starts[1:]] + [len(lines)]
    return [Clause(kind, "".join(lines[start:end]), depth) for (start, kind, depth), end in zip(starts, ends)]


@dataclass(frozen=True)
class Split:
    """A text and its clauses, with where each clause starts (to split texts near it)."""

    text: str
    clauses: tuple[Clause, ...] | list[Clause]

    @cached_property
    def starts(self) -> list[int]:
        """The offset of each clause in the text, and the text's length after the last."""
        return [0, *accumulate(len(clause.source) for clause in self.clauses)]


@dataclass(frozen=True)
class Near:
    """How a text splits near a known one: the known clauses [start:stop) replaced by `window`."""

    start: int
    stop: int
    window: list[Clause]

    def clauses(self, known: Split) -> list[Clause]:
        """All the clauses of the text."""
        return [*known.clauses[:self.start], *self.window, *known.clauses[self.stop:]]


# Whole clauses kept around a change, so that the scanner's one line of look-ahead (tables,
# setext headings) and the line endings next to the change read the same in both texts.
MARGIN = 2


def split_near(text: str, known: Split, *, same_start: int | None = None, same_end: int | None = None) -> Near | None:
    """The clauses of `text`, from those of `known` outside the passage where they differ.

    Exactly what split_clauses(text) gives, or None when that cannot be told from the passage:
    the window starts at a clause of `known` with no indentation (its first line then starts a
    clause from the scanner's fresh state, whatever came before) at least MARGIN clauses
    before the change, and ends MARGIN clauses after it, before a clause with no indentation
    that follows a blank line; the window of `text` must end settled (nothing open: a fence
    added by the change would swallow the rest), so the rest splits as in `known`.
    `same_start`, `same_end`: how many first and last characters the texts are known to share
    (at most), when the caller knows where it changed the text; found here otherwise.
    """
    if same_start is None:
        same_start = common_prefix_length(text, known.text)
    if same_end is None:
        same_end = common_suffix_length(text, known.text, min(len(text), len(known.text)) - same_start)
    starts, count = known.starts, len(known.clauses)
    start = max(bisect_right(starts, same_start - 2) - 1 - MARGIN, 0)  # clauses wholly before, less MARGIN
    while start > 0 and not _unindented(known.clauses[start]):
        start -= 1
    stop = min(bisect_left(starts, len(known.text) - same_end + 2) + MARGIN, count)
    while stop < count and not (_unindented(known.clauses[stop]) and _ends_blank(known.clauses[stop - 1])):
        stop += 1
    window_end = len(text) - (len(known.text) - starts[stop])
    if window_end < starts[start]:
        return None
    lines = split_lines(text[starts[start]:window_end])
    found, settled = find_starts_settled(lines)
    if stop < count and not settled:
        return None
    return Near(start, stop, _clauses(lines, found))


def _unindented(clause: Clause) -> bool:
    return clause.source[:1] not in ("", " ", "\t", "\r", "\n")


def _ends_blank(clause: Clause) -> bool:
    """Whether the clause's last line is blank (the one before the next clause)."""
    lines = split_lines(clause.source[-200:]) if len(clause.source) > 200 else split_lines(clause.source)
    return len(lines) > 1 and not lines[-1].strip(" \t\r\n") and lines[-1].endswith(("\n", "\r"))


def common_prefix_length(a: str, b: str) -> int:
    """How many first characters the two texts share (by halves: each compared once, in C)."""
    low, high = 0, min(len(a), len(b)) + 1  # a[:low] == b[:low]; a[:high] differs (or is too long)
    while high - low > 1:
        middle = (low + high) // 2
        if a.startswith(b[low:middle], low):
            low = middle
        else:
            high = middle
    return low


def common_suffix_length(a: str, b: str, limit: int) -> int:
    """How many last characters (at most `limit`) the two texts share."""
    low, high = 0, limit + 1
    while high - low > 1:
        middle = (low + high) // 2
        if a.endswith(b[len(b) - middle:len(b) - low], 0, len(a) - low):
            low = middle
        else:
            high = middle
    return low


def join_clauses(clauses: Iterable[Clause]) -> str:
    """The text the clauses were split from."""
    return "".join(clause.source for clause in clauses)
