"""0029_anchorranges turns one anchor row per thread per version into ranges, and back, thread by thread."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.auth import services as auth_services
from app.comments import services as comment_services
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.documents.queries import get_version
from app.documents.services import create_document, create_version
from app.extensions import db
from config import TestConfig
from tests.documents.helpers import paragraphs

Placed = dict[int, dict[int, tuple]]  # version number -> comment id -> (clause, offset, outdated)


def threads_of_today() -> None:
    """Threads that stay, move within their clause, lose their clause, or were written on an older version,
    over four versions (made at the head: the schema is taken down afterwards)."""
    author = auth_services.create_person("membre@example.org", "Membre")
    source = paragraphs(8, size=2)
    document = create_document("doc", "Doc", source, author=None, now=utcnow())
    first = get_version(document, 1)
    ids = [c.clause_id for c in clauses_of(document.id, 1)]
    quoted = "sans exception"
    for clause, quote in ((ids[1], quoted), (ids[2], None), (ids[3], quoted), (ids[6], None)):
        comment_services.comment_on_version(first, author=author, body="Avis.", now=utcnow(),
                                            clause_id=clause, quote=quote)
    edited = source.replace("Paragraphe 3. Les membres", "Paragraphe 3. Désormais, les membres", 1)
    create_version(document, edited, author=None, now=utcnow(), summary="v2")
    edited = "\n".join(p for p in edited.split("\n") if not p.startswith("Paragraphe 6."))
    create_version(document, edited, author=None, now=utcnow(), summary="v3")
    comment_services.comment_on_version(first, author=author, body="Sur la première.", now=utcnow(),
                                        clause_id=ids[4])
    create_version(document, edited.replace("Paragraphe 7.", "Paragraphe sept.", 1), author=None,
                   now=utcnow(), summary="v4")
    db.session.commit()


def per_version_rows() -> Placed:
    """The table of 0027 and before: one row per thread per version."""
    rows = db.session.execute(text(
        "SELECT version.number, comment_id, clause_id, quote_offset, is_outdated "
        "FROM comment_anchor JOIN version ON version.id = comment_anchor.version_id"))
    return placed(rows)


def ranges() -> set[tuple]:
    found = {tuple(row) for row in db.session.execute(text(
        "SELECT comment_id, document_id, from_number, to_number, clause_id, quote_offset, is_outdated "
        "FROM comment_anchor"))}
    db.session.rollback()
    return {(*row[:-1], bool(row[-1])) for row in found}


def ranges_expanded() -> Placed:
    """The table of 0029: each range read in each version it holds in (open: up to the last)."""
    rows = db.session.execute(text(
        "SELECT version.number, comment_id, clause_id, quote_offset, is_outdated FROM comment_anchor "
        "JOIN version ON version.document_id = comment_anchor.document_id "
        "AND version.number >= from_number AND (to_number IS NULL OR version.number <= to_number)"))
    return placed(rows)


def placed(rows) -> Placed:
    found: Placed = {}
    for number, comment_id, clause_id, offset, outdated in rows:
        assert comment_id not in found.get(number, {})
        found.setdefault(number, {})[comment_id] = (clause_id, offset, bool(outdated))
    db.session.rollback()  # no read left open while the migration writes
    return found


def test_ranges_go_down_to_one_row_per_version_and_up_again(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        threads_of_today()
        at_head, head_ranges = ranges_expanded(), ranges()
        # The later comment is on version 1 only.
        assert [len(at_head[n]) for n in (1, 2, 3, 4)] == [5, 4, 4, 4]
        # Four threads standing still from version 1, one moved in version 2, one outdated from version 3,
        # the one written late on version 1 there alone: 7 ranges for 17 thread-versions.
        assert len(head_ranges) == 7
        db.session.remove()
        downgrade(revision="0028_amendtext")
        assert per_version_rows() == at_head
        upgrade()
        assert ranges() == head_ranges
        assert ranges_expanded() == at_head
        db.session.remove()
        db.engine.dispose()
