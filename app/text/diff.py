"""Diffs between versions: word-level inside a clause, clause by clause for whole documents.

Clauses are aligned by id first (identity.assign_ids), so a document diff only ever runs
diff-match-patch on a clause against its own earlier text: the cost follows the size of
the change, and no diff gets near the library's time-out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import count

from app.text.clauses import split_clauses
from app.text.identity import assign_ids, in_order
from app.text.words import Op, diff_words, merge_ops

__all__ = ["ClauseChange", "apply_diff", "diff_clauses", "diff_documents", "diff_words", "old_text",
           "word_diff"]

DELETE, EQUAL, INSERT = -1, 0, 1
word_diff = diff_words  # the name the Flask side first coded against; same function


@dataclass
class ClauseChange:
    """What happened to one clause between two versions."""

    status: str  # "unchanged" | "changed" | "added" | "removed" | "moved"
    clause_id: str
    old_text: str | None
    new_text: str | None
    ops: list[Op] = field(default_factory=list)
    old_position: int | None = None
    new_position: int | None = None


def apply_diff(ops: Iterable[Op]) -> str:
    """The new text of a diff."""
    return "".join(text for op, text in ops if op != DELETE)


def old_text(ops: Iterable[Op]) -> str:
    """The old text of a diff."""
    return "".join(text for op, text in ops if op != INSERT)


def diff_clauses(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[ClauseChange]:
    """Clause changes in the new order, removed clauses where they stood; aligned by id."""
    old_at = {clause_id: i for i, (clause_id, _) in enumerate(old)}
    new_ids = {clause_id for clause_id, _ in new}
    kept = _kept_in_order(old_at, [clause_id for clause_id, _ in new])
    upcoming = _next_kept(old_at, kept, new, len(old))
    changes: list[ClauseChange] = []
    next_old = 0
    for position, (clause_id, text) in enumerate(new):
        # Removed clauses come first in their gap, before what was added or moved into it.
        changes += _removed(old, next_old, upcoming[position], new_ids)
        next_old = max(next_old, upcoming[position])
        where = old_at.get(clause_id)
        if where is None:
            changes.append(ClauseChange("added", clause_id, None, text, [(INSERT, text)], None, position))
            continue
        if where in kept:
            next_old = where + 1
        changes.append(_change(clause_id, old[where][1], text, where, position, moved=where not in kept))
    return changes + _removed(old, next_old, len(old), new_ids)


def _next_kept(old_at: dict[str, int], kept: set[int], new: list[tuple[str, str]], end: int) -> list[int]:
    """For each new position, the old position of the next clause kept in order (or the end)."""
    upcoming = [end] * len(new)
    following = end
    for position in range(len(new) - 1, -1, -1):
        where = old_at.get(new[position][0])
        if where is not None and where in kept:
            following = where
        upcoming[position] = following
    return upcoming


def diff_documents(old_md: str, new_md: str) -> list[Op]:
    """The diff of two texts, clause by clause: op 0/-1 parts make old_md, op 0/1 parts new_md."""
    old_sources = [clause.source for clause in split_clauses(old_md)]
    new_sources = [clause.source for clause in split_clauses(new_md)]
    old_ids = [f"o{i}" for i in range(len(old_sources))]
    fresh = count()
    new_ids = assign_ids(list(zip(old_ids, old_sources)), new_sources, lambda: f"n{next(fresh)}")
    old_at = {clause_id: i for i, clause_id in enumerate(old_ids)}
    kept = _kept_in_order(old_at, new_ids)
    ops: list[Op] = []
    next_old = 0
    for clause_id, source in zip(new_ids, new_sources):
        where = old_at.get(clause_id)
        if where not in kept:  # new, or moved: its old text is deleted where it stood
            ops.append((INSERT, source))
            continue
        ops += [(DELETE, text) for text in old_sources[next_old:where]]
        ops += diff_words(old_sources[where], source)
        next_old = where + 1
    ops += [(DELETE, text) for text in old_sources[next_old:]]
    return _grouped(ops)


def _kept_in_order(old_at: dict[str, int], new_ids: list[str]) -> set[int]:
    """Old positions of the clauses that kept their relative order (the others moved)."""
    pairs = [(j, old_at[clause_id]) for j, clause_id in enumerate(new_ids) if clause_id in old_at]
    return {old_index for _, old_index in in_order(pairs)}


def _change(
    clause_id: str, before: str, after: str, where: int, position: int, *, moved: bool
) -> ClauseChange:
    ops = [(EQUAL, after)] if before == after else diff_words(before, after)
    status = "moved" if moved else ("unchanged" if before == after else "changed")
    return ClauseChange(status, clause_id, before, after, ops, where, position)


def _removed(old: list[tuple[str, str]], start: int, end: int, new_ids: set[str]) -> list[ClauseChange]:
    return [ClauseChange("removed", clause_id, text, None, [(DELETE, text)], i, None)
            for i, (clause_id, text) in enumerate(old[start:end], start=start) if clause_id not in new_ids]


def _grouped(ops: list[Op]) -> list[Op]:
    """Between two unchanged parts, all deletions first, then all insertions, each joined."""
    grouped: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in ops + [(EQUAL, "")]:
        if op == EQUAL:
            grouped += [(DELETE, "".join(deleted)), (INSERT, "".join(inserted)), (EQUAL, text)]
            deleted, inserted = [], []
        else:
            (deleted if op == DELETE else inserted).append(text)
    return merge_ops(grouped)
