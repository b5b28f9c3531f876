"""One text (an amendment's proposal, or the head) read as changes to a base text.

Clauses are aligned on the base with assign_ids; the base clauses still in their order
(a longest increasing run) are "kept", the others "moved"; every run of new or moved
clauses is keyed by the two kept clauses around it, which is where it was inserted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count

from app.text.clauses import Clause, Near, split_clauses
from app.text.identity import assign_ids, in_order

START, END = "^", "$"  # the gap bounds before the first and after the last clause
_LEADING_BLANKS_RE = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))+")


@dataclass
class Side:
    """One text (the head or the proposal) as changes to the base."""

    ids: list[str]
    clauses: dict[str, Clause]
    edited: set[str]
    removed: set[str]
    moved: set[str]
    new: set[str]
    runs: dict[tuple[str, str], list[str]]  # (kept id before, kept id after) -> ids inserted between

    @property
    def changed(self) -> set[str]:
        """Base clauses this side edited, removed or moved."""
        return self.edited | self.removed | self.moved


def read_side(base: dict[str, Clause], markdown: str, prefix: str) -> Side:
    """`markdown` as changes to `base` (clauses by id); new clauses get ids `prefix`0, 1…"""
    return side_of(base, split_clauses(markdown), prefix)


def read_side_near(base: dict[str, Clause], base_ids: list[str], near: Near, prefix: str) -> Side | None:
    """What read_side gives for a text that differs from the base only inside `near`'s window
    (clauses.split_near), read from that window alone; None when that cannot be told so.

    The alignment matches identical ends first: the window's ends are then the text's, unless
    the whole window of one side is the other's beginning or end (the common ends would run on
    outside it: None). Everything outside is the base unchanged, kept in order around the
    window's alignment, and no insertion is keyed to the window's bounds unless they are the text's.
    """
    window_ids = base_ids[near.start:near.stop]
    old = [base[i].source.strip() for i in window_ids]
    new = [clause.source.strip() for clause in near.window]
    shorter = min(len(old), len(new))
    whole = near.start == 0 and near.stop == len(base_ids)
    if not whole and (not shorter or next((k for k in range(shorter) if old[k] != new[k]), shorter) == shorter):
        return None
    side = side_of({i: base[i] for i in window_ids}, near.window, prefix)
    bounds = {START} if near.start else set()
    bounds |= {END} if near.stop < len(base_ids) else set()
    if any(before in bounds or after in bounds for before, after in side.runs):
        return None
    outside = [*base_ids[:near.start], *base_ids[near.stop:]]
    clauses = {i: base[i] for i in outside} | side.clauses
    ids = [*base_ids[:near.start], *side.ids, *base_ids[near.stop:]]
    return Side(ids, clauses, side.edited, side.removed, side.moved, side.new, side.runs)


def side_of(base: dict[str, Clause], clauses: list[Clause], prefix: str) -> Side:
    """The clauses of a text as changes to `base` (clauses by id)."""
    fresh = count()
    ids = assign_ids([(i, c.source) for i, c in base.items()], [c.source for c in clauses],
                     lambda: f"{prefix}{next(fresh)}")
    by_id = dict(zip(ids, clauses))
    base_ids = list(base)
    order = {clause_id: k for k, clause_id in enumerate(base_ids)}
    kept = {base_ids[k] for _, k in in_order([(j, order[i]) for j, i in enumerate(ids) if i in order])}
    common = set(ids) & set(base)
    edited = {i for i in common if body(by_id[i].source) != body(base[i].source)}
    return Side(ids, by_id, edited, set(base) - common, common - kept, set(ids) - common, _runs(ids, kept))


def _runs(ids: list[str], kept: set[str]) -> dict[tuple[str, str], list[str]]:
    runs: dict[tuple[str, str], list[str]] = {}
    previous, run = START, []
    for clause_id in ids + [END]:
        if clause_id == END or clause_id in kept:
            if run:
                runs[(previous, clause_id)] = run
            previous, run = clause_id, []
        else:
            run.append(clause_id)  # a new clause, or one moved here
    return runs


def parts(source: str) -> tuple[str, str, str]:
    """Leading blank lines, the clause itself, and the blank lines (separator) after it."""
    lead = _LEADING_BLANKS_RE.match(source)
    rest = source[lead.end():] if lead else source
    clause = rest.rstrip()
    return (lead.group(0) if lead else ""), clause, rest[len(clause):]


def body(source: str) -> str:
    """The clause without the blank lines around it (indentation kept)."""
    return parts(source)[1]


def text_of(side: Side, clause_id: str) -> str:
    """The clause's text on that side, "" when it has none."""
    clause = side.clauses.get(clause_id)
    return clause.text if clause is not None else ""


def joined(side: Side, ids: list[str]) -> str:
    """The texts of some clauses of a side, a blank line between each."""
    return "\n\n".join(side.clauses[i].text for i in ids)
