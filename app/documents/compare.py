"""Comparing two versions clause by clause: what was added, changed, removed or moved.

Clauses are aligned by their stable ids, so each word diff covers one clause: the cost
grows with the size of the change, not with the size of the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from app.documents import diffhtml
from app.text.diff import word_diff
from app.text.identity import in_order


@dataclass
class Row:
    """One clause of the comparison, or a fold of `count` unchanged clauses."""

    status: str  # same | changed | added | removed | fold
    clause_id: str = ""
    moved: bool = False
    ops: list | None = None
    count: int = 0
    section: str = ""  # the heading the clause falls under, for a changed clause read out of its context
    before: object = None  # the old clause (with its rendered `html`), None when added
    after: object = None  # the new clause, None when removed
    rows: list = field(default_factory=list)  # a fold's clauses, to unfold in place

    @property
    def heading(self) -> str:
        """The heading's words, when this clause (as it reads now) is a heading; else ""."""
        text = "".join(text for op, text in (self.ops or []) if op != -1).strip()
        return text.lstrip("#").strip() if text.startswith("#") else ""

    @property
    def inline_html(self) -> Markup:
        return diffhtml.inline_html(self.ops or [])

    @property
    def old_html(self) -> Markup:
        return diffhtml.side_html(self.ops or [])[0]

    @property
    def new_html(self) -> Markup:
        return diffhtml.side_html(self.ops or [])[1]

    # The same change on the rendered text (the default view: no Markdown to read).
    @cached_property
    def rendered(self) -> diffhtml.Rendered:
        if self.status == "same":  # the old clause's rendering: a proposed one would be rendered for nothing
            return diffhtml.rendered("same", _html(self.before), None)
        return diffhtml.rendered(self.status, _html(self.before), _html(self.after))

    @property
    def source(self) -> str:
        """The clause's Markdown as it reads now (as it read, when removed)."""
        return "".join(text for op, text in (self.ops or []) if op != (1 if self.status == "removed" else -1))


def _html(clause) -> str | None:
    return None if clause is None else clause.html


def stayed_in_place(common_old_positions: list[int]) -> set[int]:
    """Old positions of the clauses that kept their relative order (a longest increasing run).

    Every other common clause moved: it is shown as moved, not as removed and added.
    """
    return {old for _new, old in in_order(list(enumerate(common_old_positions)))}


def compare_clauses(old: list, new: list) -> list[Row]:
    """Rows in reading order of the new version, removed clauses where they used to be."""
    old_at = {c.clause_id: i for i, c in enumerate(old)}
    new_ids = {c.clause_id for c in new}
    in_place = stayed_in_place([old_at[c.clause_id] for c in new if c.clause_id in old_at])
    rows, next_old = [], 0
    for clause in new:
        position = old_at.get(clause.clause_id)
        if position is not None and position in in_place:
            rows += _removed(old[next_old:position], new_ids)
            next_old = position + 1
        rows.append(_row(old[position] if position is not None else None, clause, position not in in_place))
    rows += _removed(old[next_old:], new_ids)
    return rows


def _removed(clauses: list, new_ids: set[str]) -> list[Row]:
    return [Row("removed", c.clause_id, ops=diffhtml.whole(-1, c.text), before=c)
            for c in clauses if c.clause_id not in new_ids]


def _row(old, new, moved: bool) -> Row:
    if old is None:
        return Row("added", new.clause_id, ops=diffhtml.whole(1, new.text), after=new)
    if old.text == new.text:
        return Row("same", new.clause_id, moved=moved, ops=[(0, new.text)], before=old, after=new)
    return Row("changed", new.clause_id, moved=moved, ops=word_diff(old.text, new.text), before=old, after=new)


def reading_order(rows: list[Row]) -> list[Row]:
    """For the reader: in each run of clauses added and removed, the removed ones first (old, then new)."""
    ordered: list[Row] = []
    run: list[Row] = []
    for row in rows + [Row("end")]:
        if row.status in ("added", "removed") and not row.moved:
            run.append(row)
            continue
        ordered += [r for r in run if r.status == "removed"] + [r for r in run if r.status == "added"]
        run = []
        if row.status != "end":
            ordered.append(row)
    return ordered


def fold_unchanged(rows: list[Row]) -> list[Row]:
    """Changed clauses only: each run of unchanged, unmoved clauses becomes one fold.

    Each changed clause keeps the heading it falls under (`section`): "2. Ne jamais…" alone
    does not say which list it belongs to.
    """
    folded: list[Row] = []
    section = ""
    for row in reading_order(rows):
        heading = row.heading if row.status != "removed" else ""
        if row.status != "fold" and not heading:
            row.section = section
        section = heading or section
        if row.status == "same" and not row.moved:
            if folded and folded[-1].status == "fold":
                folded[-1].count += 1
                folded[-1].rows.append(row)
            else:
                folded.append(Row("fold", clause_id=row.clause_id, count=1, rows=[row]))
        else:
            folded.append(row)
    return folded


def summarise(rows: list[Row]) -> dict[str, int]:
    """How many clauses were added, changed, removed and moved."""
    count = {"added": 0, "changed": 0, "removed": 0, "moved": 0}
    for row in rows:
        if row.status in count:
            count[row.status] += 1
        count["moved"] += row.moved
    return count


def document_ops(old: list, new: list) -> list[tuple[int, str]]:
    """The diff of two whole versions, [(op, text)…]: applied to the old Markdown it gives the new.

    Clauses that kept their place are diffed word by word; a moved clause is, in a linear
    diff, deleted at its old place and inserted at its new one.
    """
    old_at = {c.clause_id: i for i, c in enumerate(old)}
    in_place = stayed_in_place([old_at[c.clause_id] for c in new if c.clause_id in old_at])
    ops: list[tuple[int, str]] = []
    next_old = 0
    for clause in new:
        position = old_at.get(clause.clause_id)
        if position is None or position not in in_place:
            ops.append((1, clause.source))
            continue
        ops += [(-1, c.source) for c in old[next_old:position]]
        ops += word_diff(old[position].source, clause.source)
        next_old = position + 1
    ops += [(-1, c.source) for c in old[next_old:]]
    return _merge_runs(ops)


def _merge_runs(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join neighbouring operations of the same kind and drop empty ones."""
    merged: list[tuple[int, str]] = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged
