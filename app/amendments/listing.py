"""The amendment list of a document as a congress works with it: 2,000 amendments filtered
by clause, section, status, organisation or author, in the order of the text or by date.

The clauses an amendment changes are kept as JSON on the row (changed_clauses_json), so the
choice of a clause or a section is made on light rows — ids, clause ids, dates, no text —
and only the page shown is loaded whole: three queries whatever the size of the congress
(the head's clauses, the light rows, the page), and no schema to keep in step.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload

from app.amendments.models import OPEN_STATUSES, STATUSES, Amendment
from app.documents import clauses as clause_store
from app.documents.models import Document, Version
from app.extensions import db
from app.members.models import Organisation, Person
from app.urls import LARGEST_ID

SORTS = ("text", "newest", "oldest")
PER_PAGE = 30
CACHED_OUTLINES = 8
OUTLINES = "amendment_outlines"  # where each worker keeps them (app.extensions)
# Waiting for a decision: what the count beside each clause of the document page shows.
WAITING = ("discussion", "voting", "needs_update")


@dataclass(frozen=True)
class Filters:
    """What the reader asked for, already checked against what exists."""

    status: str = "open"
    clause: str | None = None
    section: str | None = None
    organisation: str | None = None  # slug
    author: int | None = None
    sort: str = "text"

    def args(self, **changes) -> dict:
        """The query string of these filters (with `changes`), for links that keep them."""
        values = {"status": self.status, "clause": self.clause, "section": self.section,
                  "organisation": self.organisation, "author": self.author, "sort": self.sort, **changes}
        return {name: value for name, value in values.items() if value not in (None, "")}


@dataclass(frozen=True)
class Section:
    """A heading of the head version and the clauses under it (down to the next heading of
    its level or above)."""

    clause_id: str
    title: str
    depth: int
    clause_ids: frozenset[str]


@dataclass
class Outline:
    """The head version's clauses in reading order, and its sections."""

    order: dict[str, int] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)

    def section(self, clause_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.clause_id == clause_id), None)


@dataclass
class Listing:
    """One page of the list, and what the filter form offers."""

    filters: Filters
    items: list[Amendment]
    total: int
    page: int
    pages: int
    outline: Outline
    organisations: list[Organisation]
    authors: list[Person]


def outline_of(document: Document) -> Outline:
    """The head's clauses and its sections: a version never changes, so each worker keeps the
    outline of the latest few (1,300 clauses of a congress: a sixth of a second to read)."""
    cache = current_app.extensions.setdefault(OUTLINES, OrderedDict())
    key = (document.id, document.head_number)
    if key not in cache:
        cache[key] = read_outline(document)
        while len(cache) > CACHED_OUTLINES:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return cache[key]


def read_outline(document: Document) -> Outline:
    stored = clause_store.clauses_of(document.id, document.head_number)
    outline = Outline(order={c.clause_id: n for n, c in enumerate(stored)},
                      text={c.clause_id: c.source.strip() for c in stored})
    for n, clause in enumerate(stored):
        if clause.kind != "heading":
            continue
        level = heading_level(clause.source)
        under = []
        for later in stored[n + 1:]:
            if later.kind == "heading" and heading_level(later.source) <= level:
                break
            under.append(later.clause_id)
        title = clause.source.strip().lstrip("#").strip()
        outline.sections.append(Section(clause.clause_id, title, level, frozenset([clause.clause_id, *under])))
    return outline


def heading_level(source: str) -> int:
    stripped = source.lstrip()
    return len(stripped) - len(stripped.lstrip("#")) or 1  # a Setext heading counts as level 1


def read_filters(args, outline: Outline) -> Filters:
    """The filters of the query string; anything unknown is dropped (the whole list shows)."""
    status = args.get("status") or "open"
    if status not in (*STATUSES, "open", "all"):
        status = "open"
    clause = args.get("clause") or None
    section = args.get("section") or None
    author = args.get("author", type=int)
    if author is not None and not 0 < author <= LARGEST_ID:
        author = None  # not a person's number (a larger one would overflow PostgreSQL's INTEGER)
    sort = args.get("sort") if args.get("sort") in SORTS else "text"
    return Filters(status=status, clause=clause if clause in outline.order else None,
                   section=section if outline.section(section) else None,
                   organisation=(args.get("organisation") or None), author=author, sort=sort)


def list_amendments(document: Document, filters: Filters, *, page: int, viewer_id: int | None,
                    see_all_drafts: bool, outline: Outline) -> Listing:
    """The page `page` of the document's amendments chosen by `filters`."""
    query = (select(Amendment.id, Amendment.changed_clauses_json, Amendment.target_clause_id,
                    Amendment.created_at)
             .where(Amendment.document_id == document.id))
    if filters.status in STATUSES:
        query = query.where(Amendment.status == filters.status)
    elif filters.status == "open":
        query = query.where(Amendment.status.in_(OPEN_STATUSES))
    if not see_all_drafts:
        query = query.where((Amendment.status != "draft") | (Amendment.author_id == (viewer_id or -1)))
    if filters.organisation:
        query = query.join(Organisation, Amendment.organisation_id == Organisation.id).where(
            Organisation.slug == filters.organisation)
    if filters.author:
        query = query.where(Amendment.author_id == filters.author)
    rows = db.session.execute(query).all()
    wanted = wanted_clauses(filters, outline)
    chosen = [row for row in rows if wanted is None or wanted & clauses_of_row(row)]
    chosen.sort(key=sort_key(filters.sort, outline))
    pages = max(1, -(-len(chosen) // PER_PAGE))
    page = min(page, pages)
    ids = [row.id for row in chosen[(page - 1) * PER_PAGE:page * PER_PAGE]]
    return Listing(filters=filters, items=page_items(ids), total=len(chosen), page=page, pages=pages,
                   outline=outline, organisations=organisations_with_amendments(document),
                   authors=authors_of(document))


def has_drafts(document: Document, person_id: int | None) -> bool:
    """Whether this person has a draft on this document (they alone see it in the list)."""
    return person_id is not None and db.session.scalar(
        select(Amendment.id).where(Amendment.document_id == document.id, Amendment.status == "draft",
                                   Amendment.author_id == person_id).limit(1)) is not None


# `has_drafts` by the document's address: asked before the list's kept page is looked up (built once).
DRAFT_ON = (select(Amendment.id).join(Document, Document.id == Amendment.document_id)
            .where(Document.slug == bindparam("slug"), Amendment.status == "draft",
                   Amendment.author_id == bindparam("person_id")).limit(1))


def has_drafts_on(slug: str, person_id: int | None) -> bool:
    if person_id is None:
        return False
    return db.session.scalar(DRAFT_ON, {"slug": slug, "person_id": person_id}) is not None


def wanted_clauses(filters: Filters, outline: Outline) -> frozenset[str] | None:
    if filters.clause:
        return frozenset([filters.clause])
    section = outline.section(filters.section)
    return section.clause_ids if section else None


def clauses_of_row(row) -> set[str]:
    touched = set(json.loads(row.changed_clauses_json or "[]"))
    if row.target_clause_id:
        touched.add(row.target_clause_id)
    return touched


def sort_key(sort: str, outline: Outline):
    """The order of the text (the first clause touched; whole-text amendments last), then date."""
    if sort == "newest":
        return lambda row: (-row.created_at.timestamp(), -row.id)
    if sort == "oldest":
        return lambda row: (row.created_at.timestamp(), row.id)
    end = len(outline.order)

    def in_text(row) -> tuple:
        positions = [outline.order[c] for c in clauses_of_row(row) if c in outline.order]
        return (min(positions, default=end), row.created_at.timestamp(), row.id)
    return in_text


def page_items(ids: list[int]) -> list[Amendment]:
    """The amendments of one page, without their texts (100 KB and more each)."""
    if not ids:
        return []
    found = db.session.scalars(
        select(Amendment).where(Amendment.id.in_(ids))
        .options(defer(Amendment.rationale),
                 joinedload(Amendment.author), joinedload(Amendment.organisation),
                 joinedload(Amendment.base_version).defer(Version.markdown))
    ).unique().all()
    by_id = {amendment.id: amendment for amendment in found}
    return [by_id[i] for i in ids if i in by_id]


def organisations_with_amendments(document: Document) -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(
            select(Amendment.organisation_id).where(Amendment.document_id == document.id)))
        .order_by(Organisation.name)))


def authors_of(document: Document) -> list[Person]:
    return list(db.session.scalars(
        select(Person).where(Person.id.in_(
            select(Amendment.author_id).where(Amendment.document_id == document.id)))
        .order_by(Person.name)))


def waiting_by_clause(document: Document) -> dict[str, int]:
    """How many amendments wait for a decision on each clause (for the document page)."""
    counts: dict[str, int] = {}
    rows = db.session.execute(
        select(Amendment.changed_clauses_json).where(Amendment.document_id == document.id,
                                                     Amendment.status.in_(WAITING)))
    for (changed,) in rows:
        for clause_id in json.loads(changed or "[]"):
            counts[clause_id] = counts.get(clause_id, 0) + 1
    return counts

