"""The editor's logic shared by the page and the live preview: from what was typed to a full text."""
from __future__ import annotations

from dataclasses import dataclass

from app.amendments.changes import Piece, base_pieces, clause_changes, proposed_pieces, replace_clause
from app.documents import clauses as clause_store
from app.documents.compare import Row, fold_unchanged
from app.documents.models import Version


@dataclass
class Draft:
    """What the author typed, resolved against its base: the full proposed text and its changes."""

    base: Version
    markdown: str
    clause_id: str | None
    full_text: str
    rows: list[Row]

    @property
    def folded_rows(self) -> list[Row]:
        return fold_unchanged(self.rows)


def clause_text(base: list[Piece], clause_id: str) -> str | None:
    """The text of one clause of the base, for the single-clause editor."""
    for piece in base:
        if piece.clause_id == clause_id:
            return piece.source.strip("\n")
    return None


def resolve(base: Version, markdown: str, clause_id: str | None) -> Draft:
    """The full proposed text: the typed text, or the base with one clause replaced."""
    markdown = markdown.replace("\r\n", "\n")
    full_text = markdown
    if clause_id:
        pieces = base_pieces(base)
        if clause_text(pieces, clause_id) is None:
            clause_id = None
        else:
            full_text = replace_clause(pieces, clause_id, markdown)
    return Draft(base, markdown, clause_id or None, full_text, clause_changes(base, full_text))


def editing_start(base: Version, markdown: str, clause_id: str | None) -> tuple[str, str]:
    """What the editor shows when an author comes back to an amendment: (text, clause id).

    An amendment proposed on one clause is edited as that clause alone, as it was written,
    as long as the proposal still is the base with only that clause replaced; otherwise the
    whole proposed text.
    """
    if clause_id:
        pieces = base_pieces(base)
        proposed = next((p for p in proposed_pieces(pieces, markdown) if p.clause_id == clause_id), None)
        if proposed is not None and clause_text(pieces, clause_id) is not None:
            text = proposed.source.strip("\n")
            if replace_clause(pieces, clause_id, text) == markdown:
                return text, clause_id
    return markdown, ""


@dataclass(frozen=True)
class Place:
    """Where the clause being changed stands: its number in the text and the heading it falls under."""

    number: int
    section: str | None


def clause_place(base: Version, clause_id: str | None) -> Place | None:
    """The editor says which clause it changes, as the text's margin numbers it."""
    if not clause_id:
        return None
    section = None
    for number, clause in enumerate(clause_store.clauses_of(base.document_id, base.number), start=1):
        if clause.clause_id == clause_id:
            return Place(number, section)
        if clause.kind == "heading":
            section = clause.source.strip().lstrip("#").strip() or section
    return None
