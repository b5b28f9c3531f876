"""Reading documents: loaders that 404, and page data in a constant number of queries."""
from __future__ import annotations

from functools import cache
from operator import attrgetter
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import bindparam, exists, func, literal_column, null, select, union_all
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload, selectinload

from app.documents.clauses import CHUNK
from app.documents.models import Document, RenderedClause, Version, VersionClause
from app.errors import NotFound
from app.extensions import db

MAX_NUMBER = 2**31 - 1
# Pages that list versions or show one clause by clause never need each version's whole Markdown.
WITHOUT_MARKDOWN = defer(Version.markdown)


def find_document(slug: str) -> Document | None:
    return db.session.scalar(select(Document).where(Document.slug == slug))


def get_document(slug: str) -> Document:
    """The document with this slug, or 404."""
    document = find_document(slug)
    if document is None:
        raise NotFound(_("There is no text “%(slug)s”.", slug=slug), code="document_not_found")
    return document


def get_version(document: Document, number: int, *, with_clauses: bool = False, light: bool = False) -> Version:
    """Version `number` of `document` with its author, and its clauses when asked; or 404.

    `light`: without its Markdown (330 KB in a congress), loaded only if read."""
    options = [joinedload(Version.author), joinedload(Version.organisation)] + ([WITHOUT_MARKDOWN] if light else [])
    if with_clauses:
        # One extra query whatever the clause count; each clause's rendering is joined in.
        options.append(selectinload(Version.clauses))
    # Numbers beyond a 32-bit integer cannot exist, and SQLite refuses to even compare them.
    version = None if not 1 <= number <= MAX_NUMBER else db.session.scalar(
        select(Version).where(Version.document_id == document.id, Version.number == number).options(*options)
    )
    if version is None:
        raise NotFound(
            _("“%(title)s” has no version %(n)d.", title=document.title, n=number), code="version_not_found"
        )
    return version


def aligned_clauses(old: Version, new: Version, *, html: bool) -> tuple[list, list]:
    """The clauses of two versions matched by id, in one query (rows for app/documents/compare.Alignment).

    (new, removed): the new version's clauses in order, each with its place and rendering id in
    the old one, and the `source` (and the `html`, when asked) of its rendering; then the old
    clauses gone, in order. One statement whatever the length of the text.
    """
    result = db.session.execute(_aligned_statement(html), {"old": old.id, "new": new.id}).all()
    rows = list(map(AlignedClause._make, result))  # a named tuple's fields read 20 times faster than a Row's
    rows.sort(key=_side_and_place)  # in index order already: a pass, not a sort in SQL
    gone = next((k for k, row in enumerate(rows) if row.side), len(rows))
    return rows[:gone], rows[gone:]


class AlignedClause(NamedTuple):
    side: int  # 0: a clause of the new version; 1: an old one gone
    place: int
    clause_id: str
    rendered_id: int | None
    old_position: int | None
    old_rendered_id: int | None
    source: str | None
    html: str | None


_side_and_place = attrgetter("side", "place")


@cache
def _aligned_statement(html: bool):
    # Built once per column choice: building and keying this union costs more than running it.
    mine, theirs = aliased(VersionClause), aliased(VersionClause)
    old_id, new_id = bindparam("old"), bindparam("new")
    side = (
        select(literal_column("0").label("side"), mine.position.label("place"), mine.clause_id, mine.rendered_id,
               theirs.position.label("old_position"), theirs.rendered_id.label("old_rendered_id"),
               RenderedClause.source,
               (RenderedClause.html if html else null()).label("html"))
        .select_from(mine)
        .outerjoin(theirs, (theirs.version_id == old_id) & (theirs.clause_id == mine.clause_id))
        .join(RenderedClause, RenderedClause.id == mine.rendered_id)
        .where(mine.version_id == new_id))
    gone = (
        select(literal_column("1"), theirs.position, theirs.clause_id, null(), theirs.position, theirs.rendered_id,
               null(), null())
        .where(theirs.version_id == old_id,
               ~exists().where(mine.version_id == new_id, mine.clause_id == theirs.clause_id)))
    return union_all(side, gone)


def renderings(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Rendering id -> (source, html): one query, unless a change rewrote hundreds of clauses (CHUNK ids each)."""
    wanted, found = sorted(ids), {}
    for start in range(0, len(wanted), CHUNK):
        found.update((rid, (source, html)) for rid, source, html in db.session.execute(
            select(RenderedClause.id, RenderedClause.source, RenderedClause.html)
            .where(RenderedClause.id.in_(wanted[start:start + CHUNK]))))
    return found


def layout_rows(versions: list[Version]) -> list:
    """(version_id, clause_id, rendered_id, source, html) of each clause of these versions, by version
    and place: one query (app/documents/layouts.py keeps what it makes of them)."""
    return db.session.execute(
        select(VersionClause.version_id, VersionClause.clause_id, VersionClause.rendered_id, RenderedClause.source,
               RenderedClause.html)
        .join(RenderedClause, VersionClause.rendered_id == RenderedClause.id)
        .where(VersionClause.version_id.in_([version.id for version in versions]))
        .order_by(VersionClause.version_id, VersionClause.position)
    ).all()


def clause_rows(version: Version) -> list:
    """The clauses of a version as light rows (clause_id, kind, depth, changed_in, html).

    One query and no ORM objects: the document page of a long text stays fast.
    """
    return db.session.execute(
        select(VersionClause.clause_id, VersionClause.kind, VersionClause.depth, VersionClause.changed_in,
               RenderedClause.html)
        .join(RenderedClause, VersionClause.rendered_id == RenderedClause.id)
        .where(VersionClause.version_id == version.id)
        .order_by(VersionClause.position)
    ).all()


def clause_html(version: Version, clause_id: str) -> str:
    """The stored (sanitised) rendering of one clause of a version; "" when it has no such clause."""
    return db.session.scalar(
        select(RenderedClause.html).join(VersionClause, VersionClause.rendered_id == RenderedClause.id)
        .where(VersionClause.version_id == version.id, VersionClause.clause_id == clause_id)) or ""


def get_text(slug: str, number: int | None = None) -> Version:
    """A version (the head when `number` is None) with its document, in one query; or 404."""
    target = Document.head_number if number is None else number
    version = None if number is not None and not 1 <= number <= MAX_NUMBER else db.session.scalar(
        select(Version).join(Version.document).where(Document.slug == slug, Version.number == target)
        .options(contains_eager(Version.document), joinedload(Version.author), joinedload(Version.organisation),
                 WITHOUT_MARKDOWN)
    )
    if version is None:
        get_version(get_document(slug), number or 0)  # raises the precise 404
    return version


def list_documents() -> list[tuple[Document, Version]]:
    """Every document with its head version, by title."""
    rows = db.session.execute(
        select(Document, Version)
        .join(Version, (Version.document_id == Document.id) & (Version.number == Document.head_number))
        .order_by(Document.title, Document.id)
    )
    return [tuple(row) for row in rows]


def versions_query(document: Document):
    """The versions of a document, oldest first, authors loaded with them."""
    return (
        select(Version).where(Version.document_id == document.id).order_by(Version.number)
        .options(joinedload(Version.author), joinedload(Version.organisation), WITHOUT_MARKDOWN)
    )


def list_versions(document: Document) -> list[Version]:
    return list(db.session.scalars(versions_query(document)))


def version_numbers(document: Document) -> list[int]:
    return list(db.session.scalars(
        select(Version.number).where(Version.document_id == document.id).order_by(Version.number)
    ))


def clause_changes(document: Document, clause_id: str) -> list[tuple[Version, VersionClause]]:
    """(version, clause) for each version in which the clause appeared or changed."""
    rows = db.session.execute(
        select(Version, VersionClause)
        .join(VersionClause, VersionClause.version_id == Version.id)
        .where(Version.document_id == document.id, VersionClause.clause_id == clause_id,
               VersionClause.changed_in == Version.number)
        .order_by(Version.number)
        .options(joinedload(Version.author), joinedload(Version.organisation), WITHOUT_MARKDOWN)
    )
    return [tuple(row) for row in rows]


def last_version_with(document: Document, clause_id: str) -> int | None:
    """The latest version number that still contains the clause."""
    return db.session.scalar(
        select(func.max(Version.number))
        .join(VersionClause, VersionClause.version_id == Version.id)
        .where(Version.document_id == document.id, VersionClause.clause_id == clause_id)
    )
