"""Keeping the search index up to date, in the transaction of the write that changes what is found.

Amendments, comments and organisations are re-indexed when a flush changed what they are found
by (a session hook, so that no service can forget it); the clauses of a text when a new version
becomes its head (the `version_created` signal): only those the version changed, added, removed or
moved, so that a one-clause merge into a 1,300-clause programme stems one clause, not all of them.
Bulk imports go around both: `flask rebuild-search` (and the import commands) rebuild the whole index.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    Column, Integer, MetaData, Table, Text, bindparam, delete, event, func, insert, inspect, literal_column, select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.amendments.models import Amendment, AmendmentText
from app.comments.models import Comment
from app.documents import clauses as clause_store
from app.documents.models import Document, RenderedClause, Version, VersionClause
from app.documents.signals import version_created
from app.members.models import Organisation
from app.search import words
from app.search.models import FTS_TABLE, SearchEntry

ENTRY = SearchEntry.__table__
# The FTS5 table as Core sees it, in a metadata of its own: create_all must not make it (models.py does).
FTS = Table(FTS_TABLE, MetaData(), Column("rowid", Integer), Column("title", Text), Column("body", Text))
# What each thing's entry is made of. An amendment's state counts only as draft or not (drafts are not
# found): the state changes of a merge (accepted, needs update) rewrite no entry, so they read no text. Its text
# is a row of its own (AmendmentText): an edit of it is watched there (edited_texts).
WATCHED = {Amendment: ("title", "rationale", "base_version_id"),
           Comment: ("body", "hidden_at", "withdrawn_at", "document_id"),
           Organisation: ("name", "description", "city")}


# What each thing is found by -------------------------------------------------------------

def amendment_entry(connection: Connection, amendment: Amendment) -> dict | None:
    """An amendment is found by its title, its rationale and the paragraphs it changes (drafts: not at all)."""
    if amendment.status == "draft":
        return None
    base = connection.scalar(select(Version.markdown).where(Version.id == amendment.base_version_id)) or ""
    kept = {block.strip() for block in base.split("\n\n")}
    changed = [block.strip() for block in (amendment.markdown or "").split("\n\n") if block.strip() not in kept]
    slug = connection.scalar(select(Document.slug).where(Document.id == amendment.document_id))
    return {"kind": "amendment", "key": str(amendment.id), "document_id": amendment.document_id,
            "document_slug": slug, "clause_id": None, "number": amendment.id, "title": amendment.title,
            "body": "\n\n".join([amendment.rationale or "", *changed])}


def comment_entry(connection: Connection, comment: Comment) -> dict | None:
    """A visible comment on a text or an amendment (a membership application's discussion is not searched)."""
    if comment.document_id is None or comment.hidden_at is not None or comment.withdrawn_at is not None:
        return None
    if comment.amendment_id is not None:
        title = connection.scalar(select(Amendment.title).where(Amendment.id == comment.amendment_id))
    else:
        title = connection.scalar(select(Document.title).where(Document.id == comment.document_id))
    return {"kind": "comment", "key": str(comment.id), "document_id": comment.document_id, "document_slug": None,
            "clause_id": comment.clause_id, "number": comment.id, "title": title or "", "body": comment.body}


def organisation_entry(_connection: Connection, organisation: Organisation) -> dict:
    """An organisation is found by its name, its city and its description."""
    return {"kind": "organisation", "key": str(organisation.id), "document_id": None,
            "document_slug": organisation.slug, "clause_id": None, "number": organisation.id,
            "title": organisation.name, "body": "\n".join(filter(None, [organisation.city, organisation.description]))}


ENTRIES = {Amendment: amendment_entry, Comment: comment_entry, Organisation: organisation_entry}
KIND_OF = {Amendment: "amendment", Comment: "comment", Organisation: "organisation"}


def clause_entry(document: Document, clause_id: str, position: int, source: str) -> dict:
    return {"kind": "clause", "key": f"{document.id}:{clause_id}", "document_id": document.id,
            "document_slug": document.slug, "clause_id": clause_id, "number": position + 1, "title": document.title,
            "body": source.strip()}


def clause_entries(connection: Connection, version_id: int) -> list[dict]:
    """One entry per clause of a version (headings and paragraphs alike), numbered as on the page."""
    rows = connection.execute(
        select(VersionClause.clause_id, VersionClause.position, RenderedClause.source, Document.id, Document.slug,
               Document.title)
        .join(RenderedClause, RenderedClause.id == VersionClause.rendered_id)
        .join(Version, Version.id == VersionClause.version_id).join(Document, Document.id == Version.document_id)
        .where(VersionClause.version_id == version_id).order_by(VersionClause.position))
    return [{"kind": "clause", "key": f"{document_id}:{clause_id}", "document_id": document_id, "document_slug": slug,
             "clause_id": clause_id, "number": position + 1, "title": title, "body": source.strip()}
            for clause_id, position, source, document_id, slug, title in rows if source.strip()]


# Writing the index -----------------------------------------------------------------------

def _vector(title, body):
    """PostgreSQL: the French and English stems of the unaccented words, the title's weighted higher."""
    def one(config: str, value, weight: str):
        vector = func.to_tsvector(literal_column(f"'{config}'::regconfig"), func.unaccent(value))
        return func.setweight(vector, literal_column(f"'{weight}'::\"char\""))

    def both(value, weight: str):
        return one("french", value, weight).op("||")(one("english", value, weight))
    return both(title, "A").op("||")(both(body, "D"))


def remove(connection: Connection, condition) -> None:
    """Drop the entries matching `condition` (and, on SQLite, their FTS5 rows)."""
    if connection.dialect.name == "sqlite":
        ids = select(ENTRY.c.id).where(condition).scalar_subquery()
        connection.execute(delete(FTS).where(FTS.c.rowid.in_(ids)))
    connection.execute(delete(ENTRY).where(condition))


def add(connection: Connection, entries: list[dict]) -> None:
    """Index `entries`: rows of search_entry, and their stems (FTS5) or their vector (PostgreSQL)."""
    if not entries:
        return
    connection.execute(insert(ENTRY), entries)  # one executemany: a merge's statements do not grow with clauses
    ids = entry_ids(connection, entries)
    if connection.dialect.name == "sqlite":
        # A rowid SQLite gives again (the largest id, deleted then reused) may still have FTS5 terms if its
        # entry went by another way than remove() (a restore of the tables, a hand-made DELETE): drop them.
        connection.execute(delete(FTS).where(FTS.c.rowid.in_(ids)))
        connection.execute(insert(FTS), [
            {"rowid": entry_id, "title": words.terms(entry["title"]), "body": words.terms(entry["body"])}
            for entry_id, entry in zip(ids, entries)])
    else:
        connection.execute(update(ENTRY).where(ENTRY.c.id.in_(ids)).values(vector=_vector(ENTRY.c.title, ENTRY.c.body)))


def entry_ids(connection: Connection, entries: list[dict]) -> list[int]:
    """The ids of entries just added, in their order ((kind, key) names one entry): one query per kind."""
    found: dict[tuple[str, str], int] = {}
    for kind in {entry["kind"] for entry in entries}:
        keys = [entry["key"] for entry in entries if entry["kind"] == kind]
        found.update(((kind, key), entry_id) for entry_id, key in connection.execute(
            select(ENTRY.c.id, ENTRY.c.key).where(ENTRY.c.kind == kind, ENTRY.c.key.in_(keys))))
    return [found[(entry["kind"], entry["key"])] for entry in entries]


def replace(connection: Connection, kind: str, key: str, entry: dict | None) -> None:
    """The one entry of (kind, key): rewritten, or removed when `entry` is None."""
    remove(connection, (ENTRY.c.kind == kind) & (ENTRY.c.key == key))
    add(connection, [entry] if entry else [])


# Listening to the writes -------------------------------------------------------------------

def _changed(obj, attributes: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in attributes) or (
        isinstance(obj, Amendment) and _draft_or_not_changed(state.attrs["status"].history))


def _draft_or_not_changed(history) -> bool:
    before = history.deleted or history.unchanged  # nothing: the old state was not loaded, re-index to be sure
    return bool(history.added) and (not before or (before[0] == "draft") != (history.added[0] == "draft"))


def edited_texts(session: Session) -> list[Amendment]:
    """The amendments whose text this flush wrote (a new text row, or a change to one)."""
    texts = [obj for obj in list(session.new) + list(session.dirty) if isinstance(obj, AmendmentText)
             and (obj in session.new or inspect(obj).attrs["markdown"].history.has_changes())]
    return [amendment for amendment in (session.get(Amendment, text.amendment_id) for text in texts) if amendment]


def after_flush(session: Session, _context) -> None:
    """Re-index what this flush created or changed in a way search sees, and forget what it deleted."""
    connection = session.connection()
    changed = {id(obj): obj for obj in list(session.new) + list(session.dirty) if type(obj) in ENTRIES
               and (obj in session.new or _changed(obj, WATCHED[type(obj)]))}
    changed.update((id(amendment), amendment) for amendment in edited_texts(session))
    for obj in changed.values():
        model = type(obj)
        replace(connection, KIND_OF[model], str(obj.id), ENTRIES[model](connection, obj))
    for obj in session.deleted:
        if type(obj) in ENTRIES:
            replace(connection, KIND_OF[type(obj)], str(obj.id), None)


def index_changed_clauses(connection: Connection, document: Document, changes: clause_store.VersionChanges) -> None:
    """The index of the previous head brought to the new one: the clauses the version edited, added or
    removed are indexed again; those only moved get their new number; the others are left as they are."""
    before = {clause_id: position for position, clause_id in enumerate(changes.previous_ids)}
    now = {clause_id for clause_id, _source in changes.clauses}
    rewritten = [(position, clause_id, source) for position, (clause_id, source) in enumerate(changes.clauses)
                 if clause_id not in changes.unchanged]
    moved = [{"entry_key": f"{document.id}:{clause_id}", "new_number": position + 1}
             for position, (clause_id, _source) in enumerate(changes.clauses)
             if clause_id in changes.unchanged and before[clause_id] != position]
    gone = [f"{document.id}:{clause_id}" for clause_id in changes.previous_ids if clause_id not in now]
    stale = gone + [f"{document.id}:{clause_id}" for _position, clause_id, _source in rewritten]
    if stale:
        remove(connection, (ENTRY.c.kind == "clause") & ENTRY.c.key.in_(stale))
    add(connection, [clause_entry(document, clause_id, position, source)
                     for position, clause_id, source in rewritten if source.strip()])
    if moved:
        connection.execute(update(ENTRY).where(ENTRY.c.kind == "clause", ENTRY.c.key == bindparam("entry_key"))
                           .values(number=bindparam("new_number")), moved)


def on_version_created(version: Version, **_extra) -> None:
    """A new head: what it changed in the clauses replaces the previous head's in the index."""
    session = inspect(version).session
    document = session.get(Document, version.document_id)
    index_changed_clauses(session.connection(), document, clause_store.changes_of(version))


def rebuild(session: Session) -> int:
    """Index everything again from the tables (after an import, or to repair): the number of entries."""
    connection = session.connection()
    remove(connection, ENTRY.c.id.isnot(None))
    heads = session.execute(select(Document.id, Version.id).join(
        Version, (Version.document_id == Document.id) & (Version.number == Document.head_number))).all()
    for document_id, version_id in heads:
        add(connection, clause_entries(connection, version_id))
    for model, entry_of in ENTRIES.items():
        entries = [entry_of(connection, obj) for obj in session.scalars(select(model))]
        add(connection, [entry for entry in entries if entry])
    return connection.scalar(select(func.count()).select_from(ENTRY))


def connect() -> None:
    """Listen to the session's flushes and to new versions."""
    if not event.contains(Session, "after_flush", after_flush):
        event.listen(Session, "after_flush", after_flush)
    version_created.connect(on_version_created, weak=False)
