"""What an amendment changes, clause by clause, relative to its base version."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select

from app.documents import clauses as clause_store
from app.documents.compare import Row, compare_clauses
from app.documents.models import RenderedClause, Version, VersionClause
from app.extensions import db
from app.text import clauses as splitter
from app.text import identity, render


@dataclass(frozen=True)
class Piece:
    """A clause of a base or proposed text, as the comparison reads it."""

    clause_id: str
    source: str
    # Its rendered HTML, asked for only by the pages that show the rendered text: a base
    # clause's stored rendering (one query for the whole version), a proposed clause rendered.
    html_of: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.source.strip()

    @property
    def html(self) -> str:
        return self.html_of() if self.html_of is not None else render.render_clause(self.source)


class _StoredHtml:
    """The stored renderings of a version's clauses, read in one query when first needed (joined from the
    version, not asked by id: a list of 1,300 ids would be cut into chunks, more queries the longer the text)."""

    def __init__(self, version: Version):
        self.document_id, self.number = version.document_id, version.number
        self.html: dict[int, str] | None = None

    def of(self, rendered_id: int | None) -> str:
        if self.html is None:
            self.html = dict(db.session.execute(
                select(RenderedClause.id, RenderedClause.html)
                .join(VersionClause, VersionClause.rendered_id == RenderedClause.id)
                .join(Version, VersionClause.version_id == Version.id)
                .where(Version.document_id == self.document_id, Version.number == self.number)).tuples().all())
        return self.html.get(rendered_id, "")


class _Rendering:
    """The proposed clauses rendered one by one, with the proposed text's link and footnote definitions."""

    def __init__(self, clauses: list[splitter.Clause]):
        self.clauses = clauses
        self.context: str | None = None

    def of(self, index: int) -> str:
        if self.context is None:
            self.context = render.document_context(self.clauses)
        return render.render_clause(self.clauses[index], self.context)


def base_pieces(version: Version) -> list[Piece]:
    stored = clause_store.clauses_of(version.document_id, version.number)
    html = _StoredHtml(version)
    return [Piece(c.clause_id, c.source, lambda rid=c.rendered_id: html.of(rid)) for c in stored]


def proposed_pieces(base: list[Piece], markdown: str) -> list[Piece]:
    """The clauses of a proposed text, ids carried over from the base."""
    clauses = splitter.split_clauses(markdown)
    sources = [piece.source for piece in clauses]
    ids = identity.assign_ids([(p.clause_id, p.source) for p in base], sources)
    rendering = _Rendering(clauses)
    return [Piece(clause_id, source, lambda k=k: rendering.of(k))
            for k, (clause_id, source) in enumerate(zip(ids, sources))]


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
