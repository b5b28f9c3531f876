"""Storing the clauses of a version: stable ids, shared renderings, who changed each clause.

A version costs what it changed: an unchanged clause keeps the rendering of its previous
version (or finds a stored one by key), and only new clauses go through the (slow) Markdown
renderer. What the version changed, by clause id, is kept for the merge that made it
(`changes_of`): the threads of unchanged clauses and the amendments elsewhere are left alone.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from sqlalchemy import insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from app.documents.models import RenderedClause, Version, VersionClause
from app.extensions import db
from app.text import clauses as splitter
from app.text import identity, render

# Keeps each IN (...) well below SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 500


@dataclass(frozen=True)
class StoredClause:
    """A clause of a stored version, as the next version is compared with it."""

    clause_id: str
    source: str
    changed_in: int
    kind: str = ""
    depth: int = 0
    rendered_id: int | None = None
    render_key: str = ""
    # Where its row is, to copy the rows that stay as they are.
    version_id: int | None = None
    position: int | None = None


@dataclass(frozen=True)
class VersionChanges:
    """What a version changed in the clauses of the version before it, by clause id."""

    previous_ids: list[str]  # the previous version's clauses, in order
    clauses: list[tuple[str, str]]  # the new version's (clause id, text), in order
    unchanged: frozenset[str]  # ids in both versions with the same words (blank lines aside)
    # Previous ids edited (even in layout), removed or moved, and the neighbours of every
    # such clause and of every clause inserted: where a three-way merge may now conflict.
    touched: frozenset[str]
    # The first clause was edited, removed or moved, or one was inserted before it: where an
    # amendment's insertion before the first clause (which names no clause) would meet it.
    at_start: bool = False


@dataclass
class Plan:
    """The clauses of a new version, ready to insert, and the size of the change."""

    # With a "rendered_id" reused, or the "key" to find; "copied_from": the position of the previous
    # version's row it repeats column for column (its position aside), copied by the database.
    rows: list[dict] = field(default_factory=list)
    previous_version_id: int | None = None
    pieces: dict[str, splitter.Clause] = field(default_factory=dict)  # by render key
    context: str = ""  # the document's link and footnote definitions, which clauses may use
    stats: dict[str, int] = field(default_factory=dict)
    changes: VersionChanges | None = None


# The changes of each version made in this process, while its object lives (a merge reads
# them right after creating the version; anything else recomputes them from the database).
_CHANGES: weakref.WeakKeyDictionary[Version, VersionChanges] = weakref.WeakKeyDictionary()


def clauses_of(document_id: int, number: int) -> list[StoredClause]:
    """The clauses of one version, in order (none for version 0)."""
    rows = db.session.execute(
        select(VersionClause.clause_id, RenderedClause.source, VersionClause.changed_in, VersionClause.kind,
               VersionClause.depth, VersionClause.rendered_id, RenderedClause.key, VersionClause.version_id,
               VersionClause.position)
        .join(RenderedClause, VersionClause.rendered_id == RenderedClause.id)
        .join(Version, VersionClause.version_id == Version.id)
        .where(Version.document_id == document_id, Version.number == number)
        .order_by(VersionClause.position)
    )
    return [StoredClause(*row) for row in rows]


def plan_clauses(markdown: str, previous: list[StoredClause], *, number: int, new_id=None) -> Plan:
    """Split `markdown`, carry ids over from `previous`, and note where each clause last changed."""
    pieces = splitter.split_clauses(markdown)
    if "".join(piece.source for piece in pieces) != markdown:
        raise RuntimeError("the clause splitter lost part of the text")  # an engine bug, never user input
    ids = identity.assign_ids([(c.clause_id, c.source) for c in previous], [p.source for p in pieces], new_id)
    before = {c.clause_id: c for c in previous}
    plan = Plan(context=render.document_context(pieces),
                previous_version_id=previous[0].version_id if previous else None)
    # A clause of the same kind, depth and source as in the previous version, whose
    # definitions did not change, renders the same: its stored rendering is reused as is
    # (unless the renderer changed since: RENDER_VERSION bumped, keys of one clause differ).
    reusable = {}
    if previous and plan.context == _context_of(previous) and _same_key(previous[-1], plan.context):
        reusable = {(c.kind, c.depth, c.source): c.rendered_id for c in previous if c.rendered_id is not None}
    changed = 0
    for position, (piece, clause_id) in enumerate(zip(pieces, ids)):
        old = before.get(clause_id)
        same = old is not None and same_text(old.source, piece.source)
        changed += old is not None and not same
        row = {"position": position, "clause_id": clause_id, "kind": piece.kind, "depth": piece.depth,
               "changed_in": old.changed_in if same else number}
        rendered_id = reusable.get((piece.kind, piece.depth, piece.source))
        if rendered_id is not None:
            row["rendered_id"] = rendered_id
            if old is not None and _repeats(row, old):
                row["copied_from"] = old.position
        else:
            row["key"] = key = render.clause_render_key(piece, plan.context)
            plan.pieces[key] = piece
        plan.rows.append(row)
    kept = len(set(ids) & set(before))
    plan.stats = {"clauses_added": len(ids) - kept, "clauses_changed": changed, "clauses_removed": len(before) - kept}
    plan.changes = compare_versions(previous, list(zip(ids, (piece.source for piece in pieces))))
    return plan


def _repeats(row: dict, old: StoredClause) -> bool:
    """Whether the new row is the previous one's, column for column (its position aside)."""
    return (row["kind"], row["depth"], row["rendered_id"], row["changed_in"]) == (
        old.kind, old.depth, old.rendered_id, old.changed_in)


def _same_key(stored: StoredClause, context: str) -> bool:
    clause = splitter.Clause(stored.kind, stored.source, stored.depth)
    return render.clause_render_key(clause, context) == stored.render_key


def _context_of(previous: list[StoredClause]) -> str:
    return render.document_context(splitter.Clause(c.kind, c.source, c.depth) for c in previous
                                   if c.kind in ("linkdef", "footnote"))


def compare_versions(previous: list[StoredClause], current: list[tuple[str, str]]) -> VersionChanges:
    """What `current` (clause id, source) changed in `previous`, by clause id; linear in clauses."""
    previous_ids = [c.clause_id for c in previous]
    old_source = {c.clause_id: c.source for c in previous}
    new_source = dict(current)
    order = {clause_id: k for k, clause_id in enumerate(previous_ids)}
    ids = [clause_id for clause_id, _source in current]
    common = [(j, order[clause_id]) for j, clause_id in enumerate(ids) if clause_id in order]
    kept = {ids[j] for j, _k in identity.in_order(common)}  # the longest run still in order
    touched: set[str] = set()
    at_start = bool(ids) and ids[0] not in kept
    for k, clause_id in enumerate(previous_ids):
        # Removed, moved, or edited (blank lines and indentation count: a merge reads them).
        if clause_id not in kept or new_source[clause_id] != old_source[clause_id]:
            touched.update(previous_ids[max(0, k - 1):k + 2])
            at_start = at_start or k == 0
    for j, clause_id in enumerate(ids):
        if clause_id not in kept:  # inserted or moved here: its neighbours on both sides
            touched.update(ids[max(0, j - 1):j + 2])
    unchanged = frozenset(clause_id for clause_id, source in current
                          if clause_id in old_source and same_text(old_source[clause_id], source))
    return VersionChanges(previous_ids, [(clause_id, source.strip()) for clause_id, source in current],
                          unchanged, frozenset(touched & set(order)), at_start)


def remember_changes(version: Version, changes: VersionChanges) -> None:
    _CHANGES[version] = changes


def changes_of(version: Version) -> VersionChanges:
    """What `version` changed in the one before it (kept when made here, else read back)."""
    known = _CHANGES.get(version)
    if known is None:
        previous = clauses_of(version.document_id, version.number - 1)
        current = clauses_of(version.document_id, version.number)
        known = _CHANGES[version] = compare_versions(previous, [(c.clause_id, c.source) for c in current])
    return known


def same_text(old: str, new: str) -> bool:
    """Blank lines around a clause are layout, not a change of its words."""
    return old.strip() == new.strip()


# The longest runs of rows repeated from the previous version, this many at most, are copied by the
# database itself (one statement each: a one-clause change copies the rows before it and after it).
COPIED_RUNS = 4
_COLUMNS = ["version_id", "position", "clause_id", "kind", "depth", "rendered_id", "changed_in"]


def insert_clauses(version_id: int, plan: Plan) -> None:
    """Insert the version's clause rows, rendering only sources never seen before.

    The runs of rows repeated from the previous version (a one-clause change keeps all but one)
    are copied by the database, INSERT … SELECT, in order: the rows, and their ids, are those
    that writing each from here would give, without a thousand rows going through Python."""
    rendered = rendered_ids(plan.pieces, plan.context) if plan.pieces else {}
    for copied, rows in _segments(plan.rows):
        if copied:
            _copy_rows(plan.previous_version_id, version_id, rows)
            continue
        # A Core insert: no ORM objects needed (the rows are immutable).
        db.session.execute(VersionClause.__table__.insert(), [
            {"version_id": version_id, "position": r["position"], "clause_id": r["clause_id"],
             "kind": r["kind"], "depth": r["depth"],
             "rendered_id": r.get("rendered_id") or rendered[r["key"]], "changed_in": r["changed_in"]}
            for r in rows])


def _segments(rows: list[dict]) -> list[tuple[bool, list[dict]]]:
    """The rows in order, in pieces: (True, rows) repeating consecutive previous rows, the
    COPIED_RUNS longest such runs; (False, rows) to write from here."""
    runs: list[tuple[int, int]] = []  # [start, stop) of row indexes whose rows repeat consecutive previous rows
    for index, row in enumerate(rows):
        source = row.get("copied_from")
        if source is None:
            continue
        if runs and runs[-1][1] == index and rows[index - 1]["copied_from"] + 1 == source:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    longest = sorted(runs, key=lambda run: run[0] - run[1])[:COPIED_RUNS]
    copied = sorted(longest)  # in order again
    segments: list[tuple[bool, list[dict]]] = []
    written = 0
    for start, stop in copied:
        if start > written:
            segments.append((False, rows[written:start]))
        segments.append((True, rows[start:stop]))
        written = stop
    if written < len(rows):
        segments.append((False, rows[written:]))
    return segments


def _copy_rows(previous_version_id: int, version_id: int, rows: list[dict]) -> None:
    """Those rows (each repeating the previous version's row after the one before's) copied from there."""
    table = VersionClause.__table__
    first, shift = rows[0]["copied_from"], rows[0]["position"] - rows[0]["copied_from"]
    copied = (
        select(literal(version_id), table.c.position + shift, table.c.clause_id, table.c.kind, table.c.depth,
               table.c.rendered_id, table.c.changed_in)
        .where(table.c.version_id == previous_version_id, table.c.position >= first,
               table.c.position < first + len(rows))
        .order_by(table.c.position)
    )
    db.session.execute(insert(table).from_select(_COLUMNS, copied))


def rendered_ids(pieces: dict[str, splitter.Clause], context: str) -> dict[str, int]:
    """The RenderedClause id of every key, rendering and storing the missing ones."""
    found = _existing(list(pieces))
    missing = [key for key in pieces if key not in found]
    if missing:
        rows = [{"key": key, "source": pieces[key].source, "html": render.render_clause(pieces[key], context)}
                for key in missing]
        db.session.execute(_insert_ignoring_duplicates(), rows)
        found.update(_existing(missing))
    return found


def _existing(keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        found.update(db.session.execute(
            select(RenderedClause.key, RenderedClause.id).where(RenderedClause.key.in_(chunk))
        ).tuples().all())
    return found


def _insert_ignoring_duplicates():
    # Another transaction may store the same source at the same moment: its row is as good as ours.
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(db.session.get_bind().dialect.name)
    if dialect is None:
        return insert(RenderedClause)
    return dialect.insert(RenderedClause).on_conflict_do_nothing(index_elements=["key"])
