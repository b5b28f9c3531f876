"""Split a Markdown text into clauses: the blocks a reader comments on and an amendment changes.

A line-based block scanner, close to CommonMark for the usual cases and total for every
input: the clauses always join back to the exact text, byte for byte, in O(n).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.text.scanner import find_starts

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
    starts = find_starts(lines)
    if lines and not starts:
        starts = [(0, "paragraph", 0)]  # blank lines only: still one clause, so nothing is lost
    ends = [start for start, _, _ in starts[1:]] + [len(lines)]
    return [Clause(kind, "".join(lines[start:end]), depth) for (start, kind, depth), end in zip(starts, ends)]


def join_clauses(clauses: Iterable[Clause]) -> str:
    """The text the clauses were split from."""
    return "".join(clause.source for clause in clauses)
