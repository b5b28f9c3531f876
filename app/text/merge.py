"""Three-way merge of an amendment into a head that moved on, clause by clause.

Both the amendment (base -> proposed) and the head (base -> head) are read as changes to
the base's clauses: edited, removed, moved, and runs of clauses inserted between two
clauses kept in place. The amendment applies onto the head only when no clause it
touches (edits, removes, moves, or inserts next to) changed in the head too; otherwise the
result is the list of conflicts. The same change made on both sides is no conflict.

An amendment usually changes a few clauses of a long text: it is read near its change only
(clauses.split_near, sides.read_side_near), and so is the merged text's final check, which
gives the same answer as reading the whole texts (tests/text/test_merge_near.py compares
both) and falls back to reading them whole whenever that cannot be told from the passage.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from app.text.clauses import Clause, Split, split_clauses, split_near
from app.text.sides import END, START, Side, body, joined, parts, read_side, read_side_near, text_of


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


def merge_amendment_text(base_md: str, proposed_md: str, head_md: str) -> MergeResult:
    """Apply the amendment (base -> proposed) to the head, or list the clauses in conflict."""
    return HeadMerge(base_md, head_md).merge(proposed_md)


class HeadMerge:
    """Amendments written on one base, applied to one head: the base is split and the head read
    as changes to it once for all of them (a merge checks every amendment its change may have
    broken, most written on the same version, each reading of a long text costing with its length)."""

    def __init__(self, base_md: str, head_md: str, *, near: bool = True) -> None:
        self.base_md, self.head_md = base_md, head_md
        self.near = near  # read each amendment near its change (False: the whole texts, as a reference)
        self._read: tuple[dict[str, Clause], Side] | None = None
        self._splits: tuple[Split, Split] | None = None

    def _sides(self) -> tuple[dict[str, Clause], Side]:
        if self._read is None:
            base = {f"b{i}": clause for i, clause in enumerate(split_clauses(self.base_md))}
            self._read = base, read_side(base, self.head_md, "h")
        return self._read

    def _known(self) -> tuple[Split, Split]:
        """The base and the head as split, to split the texts that differ from them a little."""
        if self._splits is None:
            base, head = self._sides()
            self._splits = (Split(self.base_md, list(base.values())),
                            Split(self.head_md, [head.clauses[i] for i in head.ids]))
        return self._splits

    def _proposed(self, proposed_md: str) -> Side:
        base, _head = self._sides()
        if self.near:
            known = self._known()[0]
            near = split_near(proposed_md, known)
            side = read_side_near(base, list(base), near, "p") if near is not None else None
            if side is not None:
                return side
        return read_side(base, proposed_md, "p")

    @cached_property
    def _order(self) -> dict[str, int]:
        return {clause_id: k for k, clause_id in enumerate(self._sides()[0])}

    @cached_property
    def _head_positions(self) -> dict[str, int]:
        return {clause_id: k for k, clause_id in enumerate(self._sides()[1].ids)}

    def merge(self, proposed_md: str) -> MergeResult:
        """Apply the amendment (base -> proposed) to the head, or list the clauses in conflict."""
        base_md, head_md = self.base_md, self.head_md
        if head_md in (base_md, proposed_md):
            return MergeResult(proposed_md)
        if proposed_md == base_md:
            return MergeResult(head_md)
        base, head = self._sides()
        mine = self._proposed(proposed_md)
        conflicts = _conflicts(base, mine, head, self._order)
        if conflicts:
            return MergeResult(None, conflicts)
        merged = self._merged_near(mine) if self.near else None
        if merged is None:
            pieces = _merged_pieces(mine, head)
            merged = "".join(pieces)
            written = [c.text for c in split_clauses(merged) if c.text] == [p.strip() for p in pieces if p.strip()]
        else:
            merged, written = merged
        if not written:
            # Joined, the clauses would not read as they were written (a lost separator made two
            # blocks one): refuse rather than merge something nobody proposed.
            return MergeResult(None, [Conflict(base_md, head_md, proposed_md)])
        return MergeResult(merged)

    def _merged_near(self, mine: Side) -> tuple[str, bool] | None:
        """(the merged text, whether its clauses read as written), made and checked where the
        amendment changes the head only: the head's clauses before and after are its own.

        What _merged_pieces and the whole-text check give; None when the change is nowhere in
        the head or the merged text cannot be split near it (then the whole text is read)."""
        head = self._sides()[1]
        known = self._known()[1]
        inserting = _inserting(mine, head)
        positions = self._head_positions
        touched = [positions[i] for i in (*mine.removed, *mine.moved, *mine.edited, *inserting) if i in positions]
        if not touched:
            return None
        first = 0 if START in inserting else min(touched)
        last = max(touched) + 1
        while True:
            pieces = [mine.clauses[i].source for i in inserting.get(START, [])] if first == 0 else []
            pieces += _pieces_of(head.ids[first:last], mine, head, inserting)
            if pieces or first == 0 or last < len(head.ids):
                break
            first -= 1  # the text's last clauses removed: the one before them ends it now
        if last == len(head.ids):
            pieces = _separated(pieces, parts(head.clauses[head.ids[-1]].source)[2])
        else:
            pieces = [p if p.endswith(("\n", "\r")) else p + "\n\n" for p in pieces]
        starts = known.starts
        merged = self.head_md[:starts[first]] + "".join(pieces) + self.head_md[starts[last]:]
        near = split_near(merged, known, same_start=starts[first], same_end=len(self.head_md) - starts[last])
        if near is None:
            return None
        # Both sides are the head's clauses before near.start and from near.stop on.
        sources = [c.source for c in known.clauses[near.start:first]] + pieces + \
            [c.source for c in known.clauses[last:near.stop]]
        written = [c.text for c in near.window if c.text] == [p.strip() for p in sources if p.strip()]
        return merged, written


def _conflicts(base: dict[str, Clause], mine: Side, head: Side, order: dict[str, int]) -> list[Conflict]:
    conflicts = [
        Conflict(base[i].text, text_of(head, i), text_of(mine, i))
        for i in sorted(mine.changed & head.changed, key=order.__getitem__) if not _same_change(i, mine, head)
    ]
    for (before, after), run in mine.runs.items():
        conflict = _insertion_conflict(before, after, run, base, mine, head)
        if conflict is not None:
            conflicts.append(conflict)
    return conflicts


def _same_change(clause_id: str, mine: Side, head: Side) -> bool:
    if clause_id in mine.removed or clause_id in head.removed:
        return clause_id in mine.removed and clause_id in head.removed
    if clause_id in mine.moved or clause_id in head.moved:
        return False
    return body(mine.clauses[clause_id].source) == body(head.clauses[clause_id].source)


def _insertion_conflict(
    before: str, after: str, run: list[str], base: dict[str, Clause], mine: Side, head: Side
) -> Conflict | None:
    proposed = joined(mine, run)
    for neighbour in (before, after):
        if neighbour in head.changed:  # the insertion point itself changed underneath
            return Conflict(base[neighbour].text, text_of(head, neighbour), proposed)
    theirs = _head_run(before, after, head)
    if theirs and joined(head, theirs) != proposed:
        return Conflict("", joined(head, theirs), proposed)
    return None


def _head_run(before: str, after: str, head: Side) -> list[str]:
    """What the head inserted (or moved) between the two base clauses around a gap."""
    start = head.ids.index(before) + 1 if before != START else 0
    stop = head.ids.index(after) if after != END else len(head.ids)
    return [i for i in head.ids[start:stop] if i in head.new or i in head.moved]


def _merged_pieces(mine: Side, head: Side) -> list[str]:
    """The head's clause sources with the amendment's edits, removals and insertions applied."""
    inserting = _inserting(mine, head)
    pieces = [mine.clauses[i].source for i in inserting.get(START, [])]
    pieces += _pieces_of(head.ids, mine, head, inserting)
    ending = parts(head.clauses[head.ids[-1]].source)[2] if head.ids else ""
    return _separated(pieces, ending)


def _inserting(mine: Side, head: Side) -> dict[str, list[str]]:
    """The amendment's insertions the head has not made already, by the kept clause they follow."""
    return {before: run for (before, after), run in mine.runs.items()
            if joined(head, _head_run(before, after, head)) != joined(mine, run)}


def _pieces_of(head_ids: list[str], mine: Side, head: Side, inserting: dict[str, list[str]]) -> list[str]:
    """Those head clauses' sources, the amendment's edits and removals and following insertions applied."""
    pieces = []
    for clause_id in head_ids:
        if clause_id in mine.removed or clause_id in mine.moved:
            continue
        source = head.clauses[clause_id].source
        if clause_id in mine.edited or clause_id in inserting:
            # The amendment's words if it edited them; its separator if its insertions follow.
            source = _rebuild(source, mine.clauses[clause_id].source,
                              words_from_mine=clause_id in mine.edited, tail_from_mine=clause_id in inserting)
        pieces.append(source)
        pieces += [mine.clauses[i].source for i in inserting.get(clause_id, [])]
    return pieces


def _rebuild(head_source: str, mine_source: str, *, words_from_mine: bool, tail_from_mine: bool) -> str:
    head_lead, head_words, head_tail = parts(head_source)
    _, mine_words, mine_tail = parts(mine_source)
    chosen_words = mine_words if words_from_mine else head_words
    return head_lead + chosen_words + (mine_tail if tail_from_mine else head_tail)


def _separated(pieces: list[str], ending: str) -> list[str]:
    """Each clause followed by a line break, the last one ending the text as the head did."""
    # A clause that ended its own text may have no line break: give it a blank line.
    pieces = [p if p.endswith(("\n", "\r")) else p + "\n\n" for p in pieces]
    if pieces:
        lead, words, _ = parts(pieces[-1])
        pieces[-1] = lead + words + ending
    return pieces
