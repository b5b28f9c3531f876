"""Three-way merge of an amendment into a head that moved on, clause by clause.

Both the amendment (base -> proposed) and the head (base -> head) are read as changes to
the base's clauses: edited, removed, moved, and runs of clauses inserted between two
clauses kept in place. The amendment applies onto the head only when no clause it
touches (edits, removes, moves, or inserts next to) changed in the head too; otherwise the
result is the list of conflicts. The same change made on both sides is no conflict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count

from app.text.clauses import Clause, split_clauses
from app.text.identity import assign_ids, in_order

START, END = "^", "$"  # the gap bounds before the first and after the last clause
_LEADING_BLANKS_RE = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))+")


@dataclass
class Conflict:
    """A clause changed on both sides: its base, current (head) and proposed texts ("" if absent)."""

    base: str
    current: str
    proposed: str


@dataclass
class MergeResult:
    """The merged Markdown, or None and the conflicts that prevent the merge."""

    markdown: str | None
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the amendment merged cleanly."""
        return self.markdown is not None and not self.conflicts


@dataclass
class _Side:
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
        return self.edited | self.removed | self.moved


def merge_amendment_text(base_md: str, proposed_md: str, head_md: str) -> MergeResult:
    """Apply the amendment (base -> proposed) to the head, or list the clauses in conflict."""
    if head_md in (base_md, proposed_md):
        return MergeResult(proposed_md)
    if proposed_md == base_md:
        return MergeResult(head_md)
    base = {f"b{i}": clause for i, clause in enumerate(split_clauses(base_md))}
    mine, head = _side(base, proposed_md, "p"), _side(base, head_md, "h")
    conflicts = _conflicts(base, mine, head)
    if conflicts:
        return MergeResult(None, conflicts)
    pieces = _merged_pieces(mine, head)
    merged = "".join(pieces)
    if [c.text for c in split_clauses(merged) if c.text] != [p.strip() for p in pieces if p.strip()]:
        # Joined, the clauses would not read as they were written (a lost separator made two
        # blocks one): refuse rather than merge something nobody proposed.
        return MergeResult(None, [Conflict(base_md, head_md, proposed_md)])
    return MergeResult(merged)


def _side(base: dict[str, Clause], markdown: str, prefix: str) -> _Side:
    clauses = split_clauses(markdown)
    fresh = count()
    ids = assign_ids([(i, c.source) for i, c in base.items()], [c.source for c in clauses],
                     lambda: f"{prefix}{next(fresh)}")
    by_id = dict(zip(ids, clauses))
    base_ids = list(base)
    order = {clause_id: k for k, clause_id in enumerate(base_ids)}
    kept = {base_ids[k] for _, k in in_order([(j, order[i]) for j, i in enumerate(ids) if i in order])}
    common = set(ids) & set(base)
    edited = {i for i in common if _body(by_id[i].source) != _body(base[i].source)}
    return _Side(ids, by_id, edited, set(base) - common, common - kept, set(ids) - common, _runs(ids, kept))


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


def _conflicts(base: dict[str, Clause], mine: _Side, head: _Side) -> list[Conflict]:
    order = list(base)
    conflicts = [
        Conflict(base[i].text, _text(head, i), _text(mine, i))
        for i in sorted(mine.changed & head.changed, key=order.index) if not _same_change(i, mine, head)
    ]
    for (before, after), run in mine.runs.items():
        conflict = _insertion_conflict(before, after, run, base, mine, head)
        if conflict is not None:
            conflicts.append(conflict)
    return conflicts


def _same_change(clause_id: str, mine: _Side, head: _Side) -> bool:
    if clause_id in mine.removed or clause_id in head.removed:
        return clause_id in mine.removed and clause_id in head.removed
    if clause_id in mine.moved or clause_id in head.moved:
        return False
    return _body(mine.clauses[clause_id].source) == _body(head.clauses[clause_id].source)


def _insertion_conflict(
    before: str, after: str, run: list[str], base: dict[str, Clause], mine: _Side, head: _Side
) -> Conflict | None:
    proposed = _joined(mine, run)
    for neighbour in (before, after):
        if neighbour in head.changed:  # the insertion point itself changed underneath
            return Conflict(base[neighbour].text, _text(head, neighbour), proposed)
    theirs = _head_run(before, after, head)
    if theirs and _joined(head, theirs) != proposed:
        return Conflict("", _joined(head, theirs), proposed)
    return None


def _head_run(before: str, after: str, head: _Side) -> list[str]:
    """What the head inserted (or moved) between the two base clauses around a gap."""
    start = head.ids.index(before) + 1 if before != START else 0
    stop = head.ids.index(after) if after != END else len(head.ids)
    return [i for i in head.ids[start:stop] if i in head.new or i in head.moved]


def _merged_pieces(mine: _Side, head: _Side) -> list[str]:
    """The head's clause sources with the amendment's edits, removals and insertions applied."""
    inserting = {before: run for (before, after), run in mine.runs.items()
                 if _joined(head, _head_run(before, after, head)) != _joined(mine, run)}
    pieces = [mine.clauses[i].source for i in inserting.get(START, [])]
    for clause_id in head.ids:
        if clause_id in mine.removed or clause_id in mine.moved:
            continue
        source = head.clauses[clause_id].source
        if clause_id in mine.edited or clause_id in inserting:
            # The amendment's words if it edited them; its separator if its insertions follow.
            source = _rebuild(source, mine.clauses[clause_id].source,
                              body=clause_id in mine.edited, tail=clause_id in inserting)
        pieces.append(source)
        pieces += [mine.clauses[i].source for i in inserting.get(clause_id, [])]
    ending = _parts(head.clauses[head.ids[-1]].source)[2] if head.ids else ""
    return _separated(pieces, ending)


def _rebuild(head_source: str, mine_source: str, *, body: bool, tail: bool) -> str:
    head_lead, head_body, head_tail = _parts(head_source)
    _, mine_body, mine_tail = _parts(mine_source)
    return head_lead + (mine_body if body else head_body) + (mine_tail if tail else head_tail)


def _separated(pieces: list[str], ending: str) -> list[str]:
    """Each clause followed by a line break, the last one ending the text as the head did."""
    # A clause that ended its own text may have no line break: give it a blank line.
    pieces = [p if p.endswith(("\n", "\r")) else p + "\n\n" for p in pieces]
    if pieces:
        lead, body, _ = _parts(pieces[-1])
        pieces[-1] = lead + body + ending
    return pieces


def _parts(source: str) -> tuple[str, str, str]:
    """Leading blank lines, the clause itself, and the blank lines (separator) after it."""
    lead = _LEADING_BLANKS_RE.match(source)
    rest = source[lead.end():] if lead else source
    body = rest.rstrip()
    return (lead.group(0) if lead else ""), body, rest[len(body):]


def _body(source: str) -> str:
    return _parts(source)[1]


def _text(side: _Side, clause_id: str) -> str:
    clause = side.clauses.get(clause_id)
    return clause.text if clause is not None else ""


def _joined(side: _Side, ids: list[str]) -> str:
    return "\n\n".join(side.clauses[i].text for i in ids)
