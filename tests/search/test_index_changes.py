"""A new version re-indexes only the clauses it changed, and the index is the same as rebuilt from the head."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from app.amendments import lifecycle, services
from app.db_types import utcnow
from app.documents.queries import get_version
from app.documents.services import create_document, create_version
from app.extensions import db
from app.search import index
from app.search.queries import search
from tests.documents.helpers import paragraphs

FIELDS = ("kind", "key", "document_id", "document_slug", "clause_id", "number", "title", "body")


def indexed(document) -> list[tuple]:
    rows = db.session.execute(select(*(index.ENTRY.c[name] for name in FIELDS))
                              .where(index.ENTRY.c.kind == "clause", index.ENTRY.c.document_id == document.id))
    return sorted(tuple(row) for row in rows)


def rebuilt(document) -> list[tuple]:
    head = get_version(document, document.head_number)
    return sorted(tuple(entry[name] for name in FIELDS) for entry in index.clause_entries(db.session.connection(),
                                                                                           head.id))


def new_version(document, markdown: str):
    create_version(document, markdown, author=None, now=utcnow(), summary="v")
    db.session.commit()


def test_edits_insertions_removals_and_moves_leave_the_index_as_a_rebuild_would(app):
    text = paragraphs(8)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    db.session.commit()
    blocks = text.split("\n\n")
    blocks[2] = "Paragraphe 2. Un engagement tout neuf, sur la forêt.\n"  # edited
    new_version(document, "\n\n".join(blocks))
    assert indexed(document) == rebuilt(document)
    for step in (blocks[:4] + ["Nouveau paragraphe sur les rivières.\n"] + blocks[4:],  # inserted
                 blocks[:4] + blocks[6:],  # two removed (and the inserted one)
                 blocks[1:4] + [blocks[0]] + blocks[6:]):  # one moved
        new_version(document, "\n\n".join(step))
        assert indexed(document) == rebuilt(document)
    assert [r.entry.clause_id for r in search("forêt", kind="clause", page=1, per_page=5)[0]] != []
    assert search("rivières", kind="clause", page=1, per_page=5)[0] == []
    assert len(search("numéro", kind="clause", page=1, per_page=20)[0]) == 5


@contextmanager
def entries_inserted():
    """The rows of search_entry the statements inside the block inserted (an executemany counts each)."""
    rows = [0]

    def count(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.startswith("INSERT INTO search_entry"):
            rows[0] += len(parameters) if executemany else 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield rows
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_one_clause_version_indexes_one_entry_whatever_the_length_of_the_text(app):
    def indexed_rows(slug: str, clauses: int) -> int:
        text = paragraphs(clauses)
        document = create_document(slug, slug, text, author=None, now=utcnow())
        db.session.commit()
        with entries_inserted() as rows:
            new_version(document, text.replace("Paragraphe 3. ", "Paragraphe 3 (modifié). ", 1))
        assert indexed(document) == rebuilt(document)
        return rows[0]

    assert indexed_rows("petit", 6) == indexed_rows("grand", 300) == 1


def test_a_state_change_rewrites_an_amendments_entry_only_when_it_leaves_draft(app, people):
    text = paragraphs(6)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    draft = services.create_amendment(document, author=people["member_a"], title="Brouillon", rationale="Pourquoi.",
                                      markdown=text.replace("Paragraphe 3. ", "Paragraphe 3 (prairies). ", 1),
                                      base_number=1, now=utcnow(), draft=True)
    db.session.commit()
    with entries_inserted() as submitted:
        services.submit_draft(draft, by=people["member_a"], now=utcnow())
        db.session.commit()
    with entries_inserted() as voting:
        lifecycle.move(draft, "voting", by=None, now=utcnow())
        db.session.commit()
    assert (submitted[0], voting[0]) == (1, 0)
    assert [r.entry.key for r in search("prairies", kind="amendment", page=1, per_page=5)[0]] == [str(draft.id)]
