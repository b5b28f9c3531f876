"""Storing the clauses of a version: stable ids, shared renderings, who changed each clause.

A version costs what it changed: an unchanged clause finds its stored rendering by key,
and only new clauses go through the (slow) Markdown renderer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, select
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


@dataclass
class Plan:
    """The clauses of a new version, ready to insert, and the size of the change."""

    rows: list[dict] = field(default_factory=list)
    pieces: dict[str, splitter.Clause] = field(default_factory=dict)  # by render key
    context: str = ""  # the document's link and footnote definitions, which clauses may use
    stats: dict[str, int] = field(default_factory=dict)


def clauses_of(document_id: int, number: int) -> list[StoredClause]:
    """The clauses of one version, in order (none for version 0)."""
    rows = db.session.execute(
        select(VersionClause.clause_id, RenderedClause.source, VersionClause.changed_in)
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
    plan = Plan(context=render.document_context(pieces))
    changed = 0
    for position, (piece, clause_id) in enumerate(zip(pieces, ids)):
        old = before.get(clause_id)
        same = old is not None and same_text(old.source, piece.source)
        changed += old is not None and not same
        key = render.clause_render_key(piece, plan.context)
        plan.pieces[key] = piece
        plan.rows.append({
            "position": position, "clause_id": clause_id, "kind": piece.kind, "depth": piece.depth,
            "key": key, "changed_in": old.changed_in if same else number,
        })
    kept = len(set(ids) & set(before))
    plan.stats = {"clauses_added": len(ids) - kept, "clauses_changed": changed, "clauses_removed": len(before) - kept}
    return plan


def same_text(old: str, new: str) -> bool:
    """Blank lines around a clause are layout, not a change of its words."""
    return old.strip() == new.strip()


def insert_clauses(version_id: int, plan: Plan) -> None:
    """Insert the version's clause rows, rendering only sources never seen before."""
    rendered = rendered_ids(plan.pieces, plan.context)
    rows = [
        {"version_id": version_id, "position": r["position"], "clause_id": r["clause_id"], "kind": r["kind"],
         "depth": r["depth"], "rendered_id": rendered[r["key"]], "changed_in": r["changed_in"]}
        for r in plan.rows
    ]
    if rows:
        # A Core insert: hundreds of rows per version, no ORM objects needed (they are immutable).
        db.session.execute(VersionClause.__table__.insert(), rows)


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
