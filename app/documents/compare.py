"""Comparing two versions clause by clause: what was added, changed, removed or moved.

Clauses are aligned by their stable ids, so each word diff covers one clause: the cost
grows with the size of the change, not with the size of the document.

Two stored versions are compared from their layouts (app/documents/layouts.py: each clause's id
and rendering id in order, kept per worker since versions never change): a clause with the same
rendering in the same place is neither read, diffed nor made a row of its own, it falls into a
`Stretch` of its version's layout, and a fold shows a stretch as one slice of that version's
folded text, joined once. Only the few other clauses have their renderings read and diffed.
The whole text (context "full") is compared from light rows (`Alignment`), one row per clause.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress
from typing import Callable, Iterator

from markupsafe import Markup, escape

from app.documents import diffhtml
from app.templating import WithoutBidiControls, without_bidi_controls
from app.text import htmldiff
from app.text.diff import word_diff
from app.text.identity import in_order

# How a fold shows each of its clauses, in each view (the opening of a clause's block).
FOLD_CLAUSE = {"text": '<div class="diff-prose prose diff-fold__clause">',
               "source": '<div class="diff-text diff-fold__clause">'}
FOLD_CLAUSE_END = "</div>"


@dataclass(frozen=True)
class Shown:
    """A stored clause as a comparison shows it: its Markdown and its rendering."""

    clause_id: str
    source: str
    html: str

    @property
    def text(self) -> str:
        return self.source.strip()


@dataclass
class Stretch:
    """Clauses start..end-1 of a version's layout, kept in place as stored: a fold shows them as one slice."""

    layout: object  # app/documents/layouts.Layout
    start: int
    end: int

    @property
    def clause_id(self) -> str:
        return self.layout.ids[self.start]


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
    # A run of clauses unchanged in place, as stored: `Stretch`es of the new version's layout, and
    # clauses (`Shown`) with the same words under another rendering: one "same" row for all of them.
    kept: list = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many clauses this row stands for."""
        return sum(k.end - k.start if isinstance(k, Stretch) else 1 for k in self.kept) or 1

    @property
    def heading(self) -> str:
        """The heading's words, when this clause (as it reads now) is a heading; else "".

        For a run of kept clauses: its last heading's, the one the clauses after it fall under."""
        if self.kept:
            return next(filter(None, map(_last_heading, reversed(self.kept))), "")
        return heading_words("".join(text for op, text in (self.ops or []) if op != -1))

    def body(self, view: str) -> Markup:
        """A fold's clauses as they read (before = after), joined: stored strings, no template per clause.

        Each clause is its block (`folded_clause`), so a stretch of kept clauses is one slice of its
        version's folded text; all of it is already without direction controls (`finalize` skips it)."""
        clauses = list(chain.from_iterable(row.kept or (row.before,) for row in self.rows))
        if not clauses:
            return Markup("")
        return WithoutBidiControls("".join(
            c.layout.fold_text(view, c.start, c.end) if isinstance(c, Stretch) else
            folded_clause(view, c.source, c.html) for c in clauses))

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


def heading_words(source: str) -> str:
    """A clause's heading words when its Markdown starts with "#"; else ""."""
    text = source.strip()
    return text.lstrip("#").strip() if text.startswith("#") else ""


def _last_heading(kept) -> str:
    if isinstance(kept, Stretch):
        return kept.layout.last_heading(kept.start, kept.end)
    return heading_words(kept.source) if kept.source else ""


def folded_clause(view: str, source: str | None, html: str | None) -> str:
    """One clause as a fold shows it in `view`: its block around its stored HTML without ids (or its
    Markdown), without direction controls (what Jinja's `finalize` would remove from the page)."""
    if view == "source":
        shown = str(escape(source.strip()))
    else:
        # A clause's ids are the text's own: the compare page must not repeat them.
        shown = html if 'id="' not in html else htmldiff.without_ids(html)
    return str(without_bidi_controls(FOLD_CLAUSE[view] + shown + FOLD_CLAUSE_END))


def _html(clause) -> str | None:
    return None if clause is None else clause.html


def stayed_in_place(common_old_positions: list[int]) -> set[int]:
    """Old positions of the clauses that kept their relative order (a longest increasing run).

    Every other common clause moved: it is shown as moved, not as removed and added.
    """
    if all(a < b for a, b in zip(common_old_positions, common_old_positions[1:])):
        return set(common_old_positions)  # nothing moved (the usual case): the run is all of them
    return {old for _new, old in in_order(list(enumerate(common_old_positions)))}


KEPT, MOVED, ADDED, GONE = "kept", "moved", "added", "gone"


def reading_walk(old_positions: list[int | None], gone_positions: list[int],
                 in_place: set[int]) -> Iterator[tuple[str, int]]:
    """The order of a comparison: (KEPT | MOVED | ADDED, j) for the new clause j, in the new order, and
    (GONE, k) for the k-th old clause of `gone_positions`, just before the next clause still in place after it.

    `old_positions`: each new clause's position in the old version (None when added);
    `gone_positions`: the old positions shown where they used to be, in order.
    """
    next_gone = 0
    for j, position in enumerate(old_positions):
        if position is None:
            yield ADDED, j
        elif position in in_place:
            while next_gone < len(gone_positions) and gone_positions[next_gone] < position:
                yield GONE, next_gone
                next_gone += 1
            yield KEPT, j
        else:
            yield MOVED, j
    for k in range(next_gone, len(gone_positions)):
        yield GONE, k


def compare_clauses(old: list, new: list) -> list[Row]:
    """Rows in reading order of the new version, removed clauses where they used to be."""
    old_at = {c.clause_id: i for i, c in enumerate(old)}
    new_ids = {c.clause_id for c in new}
    positions = [old_at.get(c.clause_id) for c in new]
    removed = [c for c in old if c.clause_id not in new_ids]
    walk = reading_walk(positions, [old_at[c.clause_id] for c in removed],
                        stayed_in_place([p for p in positions if p is not None]))
    rows = []
    for step, index in walk:
        if step == GONE:
            rows.append(_removed(removed[index]))
        else:
            position = positions[index]
            rows.append(_row(old[position] if position is not None else None, new[index], step != KEPT))
    return rows


def _removed(clause) -> Row:
    return Row("removed", clause.clause_id, ops=diffhtml.whole(-1, clause.text), before=clause)


@dataclass
class Alignment:
    """Two stored versions' clauses matched by id, from light rows (app/documents/queries.py): the whole text.

    `new`: the new version's clauses in order, each with `clause_id`, `rendered_id`, `old_position`
    and `old_rendered_id` (None when added), and the `source` and `html` of its rendering (`html` None
    for the API's diff). `removed`: the old clauses gone, in order, with `clause_id`, `old_position`
    and `old_rendered_id`.
    """

    new: list
    removed: list
    in_place: set[int] = field(init=False)
    # For each new clause: in place with the same rendering, so shown as stored (nothing to read or diff).
    kept: list[bool] = field(init=False)

    def __post_init__(self):
        self.in_place = stayed_in_place([c.old_position for c in self.new if c.old_position is not None])
        self.kept = [c.rendered_id == c.old_rendered_id and c.old_position in self.in_place for c in self.new]

    def wanted(self) -> set[int]:
        """The renderings to read in full: both sides of every clause that is not simply kept."""
        ids = {c.old_rendered_id for c in self.removed}
        for clause in compress(self.new, (not kept for kept in self.kept)):
            ids.update((clause.rendered_id, clause.old_rendered_id))
        ids.discard(None)
        return ids

    def walk(self, gone: list) -> Iterator[tuple[str, int]]:
        return reading_walk([c.old_position for c in self.new], [c.old_position for c in gone], self.in_place)


def compare_stored(alignment: Alignment, renderings: dict[int, tuple[str, str]]) -> list[Row]:
    """The rows of `compare_clauses` for two stored versions, one per clause (the whole text).

    `renderings`: rendering id -> (source, html), for every id `alignment.wanted()` named.
    """
    rows: list[Row] = []
    for step, index in alignment.walk(alignment.removed):
        if step == GONE:
            gone = alignment.removed[index]
            rows.append(_removed(Shown(gone.clause_id, *renderings[gone.old_rendered_id])))
            continue
        clause = alignment.new[index]
        if step == KEPT and alignment.kept[index]:
            shown = Shown(clause.clause_id, clause.source, clause.html)
            rows.append(Row("same", clause.clause_id, ops=[(0, shown.text)], before=shown, after=shown))
            continue
        new = Shown(clause.clause_id, *renderings[clause.rendered_id])
        old = None if clause.old_rendered_id is None else Shown(clause.clause_id, *renderings[clause.old_rendered_id])
        rows.append(_row(old, new, step != KEPT))
    return rows


Renderings = Callable[[set[int]], dict[int, tuple[str, str]]]


def compare_layouts(old, new, read: Renderings) -> list[Row]:
    """The rows of `compare_clauses` for two versions' layouts (app/documents/layouts.py), each run of
    clauses unchanged in place one "same" row (for a fold): its `kept` are `Stretch`es of `new`'s
    layout, and the clauses that read the same under another rendering.

    Aligning is comparing lists; `read(ids)` gives rendering id -> (source, html), asked once for
    the clauses that are not simply kept (both sides of each).
    """
    old_rendered, positions = old.rendered, list(map(old.at.get, new.ids))
    in_place = stayed_in_place([p for p in positions if p is not None])
    kept = [p in in_place and r == old_rendered[p] for p, r in zip(positions, new.rendered)]
    gone = [place for place, clause_id in enumerate(old.ids) if clause_id not in new.at]
    others = list(compress(range(len(kept)), (not k for k in kept)))
    wanted = {old_rendered[p] for p in gone} | {new.rendered[j] for j in others} | \
        {old_rendered[positions[j]] for j in others if positions[j] is not None}
    renderings = read(wanted) if wanted else {}
    rows: list[Row] = []
    run: list = []
    for step, index in stretch_walk(positions, kept, others, gone, in_place):
        if step == STRETCH:
            run.append(Stretch(new, *index))
            continue
        if step == GONE:
            place = gone[index]
            row = _removed(Shown(old.ids[place], *renderings[old_rendered[place]]))
        else:
            clause_id, position = new.ids[index], positions[index]
            after = Shown(clause_id, *renderings[new.rendered[index]])
            before = None if position is None else Shown(clause_id, *renderings[old_rendered[position]])
            row = _row(before, after, step != KEPT)
            if row.status == "same" and not row.moved:
                run.append(before)  # the same words, shown as they were (as a row of its own would be)
                continue
        if run:
            rows.append(Row("same", run[0].clause_id, kept=run))
            run = []
        rows.append(row)
    if run:
        rows.append(Row("same", run[0].clause_id, kept=run))
    return rows


STRETCH = "stretch"


def stretch_walk(positions: list[int | None], kept: list[bool], others: list[int], gone_positions: list[int],
                 in_place: set[int]) -> Iterator[tuple[str, object]]:
    """`reading_walk`'s steps, each run of new clauses kept in place (`kept`) one (STRETCH, (start, end))
    step: the walk goes from change to change (`others`: the new clauses not kept), not clause by clause.

    A gone clause shows just before the first clause still in place after it, as in `reading_walk`."""
    end = len(positions)
    shows_before: list[int] = []
    if gone_positions:
        anchors = [j for j, position in enumerate(positions) if position in in_place]
        anchor_positions = [positions[j] for j in anchors]
        shows_before = [anchors[k] if k < len(anchors) else end
                        for k in (bisect_right(anchor_positions, g) for g in gone_positions)]
    next_gone, start = 0, 0
    for j in sorted({*others, *shows_before}):
        if start < j:
            yield STRETCH, (start, j)
        start = j
        while next_gone < len(shows_before) and shows_before[next_gone] == j:
            yield GONE, next_gone
            next_gone += 1
        if j < end and not kept[j]:
            position = positions[j]
            yield (ADDED if position is None else KEPT if position in in_place else MOVED), j
            start = j + 1
    if start < end:
        yield STRETCH, (start, end)


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
                folded[-1].count += row.size
                folded[-1].rows.append(row)
            else:
                folded.append(Row("fold", clause_id=row.clause_id, count=row.size, rows=[row]))
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
    positions = [old_at.get(c.clause_id) for c in new]
    in_place = stayed_in_place([p for p in positions if p is not None])
    gone = [i for i in range(len(old)) if i not in in_place]
    ops: list[tuple[int, str]] = []
    for step, index in reading_walk(positions, gone, in_place):
        if step == GONE:
            ops.append((-1, old[gone[index]].source))
        elif step == KEPT:
            ops += word_diff(old[positions[index]].source, new[index].source)
        else:
            ops.append((1, new[index].source))
    return _merge_runs(ops)


def stored_ops(alignment: Alignment, renderings: dict[int, tuple[str, str]]) -> list[tuple[int, str]]:
    """`document_ops` of two stored versions: a clause kept as it was is its source, never diffed.

    The alignment's clauses carry their old `source`; `renderings` covers `alignment.wanted()`.
    """
    moved = (c for c in alignment.new if c.old_position is not None and c.old_position not in alignment.in_place)
    gone = sorted([*alignment.removed, *moved], key=lambda c: c.old_position)
    ops: list[tuple[int, str]] = []
    for step, index in alignment.walk(gone):
        if step == GONE:
            ops.append((-1, renderings[gone[index].old_rendered_id][0]))
            continue
        clause = alignment.new[index]
        if alignment.kept[index]:
            ops.append((0, clause.source))
        elif step == KEPT:
            ops += word_diff(renderings[clause.old_rendered_id][0], renderings[clause.rendered_id][0])
        else:
            ops.append((1, renderings[clause.rendered_id][0]))
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
