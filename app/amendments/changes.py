"""What an amendment changes, clause by clause, relative to its base version."""
from __future__ import annotations

from dataclasses import dataclass

from app.documents import clauses as clause_store
from app.documents.compare import Row, compare_clauses
from app.documents.models import Version
from app.text import clauses as splitter
from app.text import identity


@dataclass(frozen=True)
class Piece:
    """A clause of a base or proposed text, as the comparison reads it."""

    clause_id: str
    source: str

    @property
    def text(self) -> str:
        return self.source.strip()


def base_pieces(version: Version) -> list[Piece]:
    return [Piece(c.clause_id, c.source) for c in clause_store.clauses_of(version.document_id, version.number)]


def proposed_pieces(base: list[Piece], markdown: str) -> list[Piece]:
    """The clauses of a proposed text, ids carried over from the base."""
    sources = [piece.source for piece in splitter.split_clauses(markdown)]
    ids = identity.assign_ids([(p.clause_id, p.source) for p in base], sources)
    return [Piece(clause_id, source) for clause_id, source in zip(ids, sources)]


def clause_changes(version: Version, markdown: str) -> list[Row]:
    """Every clause of base and proposal, in reading order, with what happened to it."""
    base = base_pieces(version)
    return compare_clauses(base, proposed_pieces(base, markdown))


def is_change(rows: list[Row]) -> bool:
    return any(row.status != "same" or row.moved for row in rows)


def touched_clause_ids(rows: list[Row]) -> list[str]:
    """Ids of the base clauses an amendment edits, moves or removes, or inserts after."""
    touched: list[str] = []
    previous: str | None = None
    replacing = False  # an added clause right after a removed one replaces it: no neighbour touched
    for row in rows:
        if row.status in ("changed", "removed") or row.moved:
            touched.append(row.clause_id)
        elif row.status == "added" and previous and not replacing:
            touched.append(previous)
        if row.status != "added":
            previous, replacing = row.clause_id, row.status == "removed"
    return list(dict.fromkeys(touched))


def replace_clause(base: list[Piece], clause_id: str, new_text: str) -> str:
    """The whole base text with one clause replaced ("propose a change to this clause").

    The clause keeps the blank lines that followed it, so the rest of the text is untouched.
    """
    parts = []
    for piece in base:
        if piece.clause_id == clause_id:
            trailing = piece.source[len(piece.source.rstrip()):]
            body = new_text.strip("\n")
            parts.append(body + (trailing or "\n") if body.strip() else "")
        else:
            parts.append(piece.source)
    return "".join(parts)
