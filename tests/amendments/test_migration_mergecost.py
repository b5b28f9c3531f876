"""0025_mergecost keeps only the marks that meant "known to apply to the head", and goes down and up again."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.amendments import services
from app.auth import services as auth_services
from app.db_types import utcnow
from app.documents.services import create_document, create_version
from app.extensions import db
from config import TestConfig
from tests.documents.helpers import paragraphs


def marks() -> dict[str, tuple[str, int | None, int]]:
    # The texts are in a table of their own from 0028 on.
    size = ("(SELECT length(markdown) FROM amendment_text WHERE amendment_id = amendment.id)"
            if inspect(db.engine).has_table("amendment_text") else "length(markdown)")
    rows = db.session.execute(text(f"SELECT title, status, checked_number, {size} FROM amendment"))
    found = {title: (status, checked, size) for title, status, checked, size in rows}
    db.session.rollback()  # no read left open while the migration writes
    return found


def amendments_of_today() -> None:
    """Three amendments and an edit, made by today's services (the models are the head's, so they
    are made at the head and the schema taken down afterwards)."""
    author = auth_services.create_person("auteur@example.org", "Auteur", is_delegate=True)
    text_ = paragraphs(6)
    document = create_document("doc", "Doc", text_, author=None, now=utcnow())
    for title in ("current", "older", "voting"):
        services.create_amendment(document, author=author, title=title, rationale="r", base_number=1,
                                  markdown=text_.replace("Paragraphe 2. ", f"Paragraphe 2 ({title}). ", 1),
                                  now=utcnow())
    create_version(document, text_.replace("Paragraphe 5. ", "Paragraphe 5 (édité). ", 1), author=None,
                   now=utcnow(), summary="édition")
    db.session.commit()


def old_marks() -> None:
    """Amendments as the merges of 0022 left them: the head's number on those known to apply to it."""
    db.session.execute(text("UPDATE amendment SET checked_number = 1 WHERE title = 'older'"))
    db.session.execute(text("UPDATE amendment SET checked_number = 2 WHERE title IN ('current', 'voting')"))
    db.session.execute(text("UPDATE amendment SET status = 'voting' WHERE title = 'voting'"))
    db.session.commit()


def test_the_upgrade_forgets_the_marks_older_than_the_head_and_keeps_every_row(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        amendments_of_today()
        db.session.remove()
        downgrade(revision="0024_setup")
        old_marks()
        before = marks()
        assert {title: checked for title, (_s, checked, _n) in before.items()} == {
            "current": 2, "older": 1, "voting": 2}
        upgrade()
        after = marks()
        assert {title: checked for title, (_s, checked, _n) in after.items()} == {
            "current": 2, "older": None, "voting": None}
        assert {t: (s, n) for t, (s, _c, n) in after.items()} == {t: (s, n) for t, (s, _c, n) in before.items()}
        downgrade(revision="0024_setup")
        assert {title: checked for title, (_s, checked, _n) in marks().items()} == {
            "current": 2, "older": None, "voting": None}
        upgrade()
        assert marks() == after
        db.session.remove()
        db.engine.dispose()
