"""0028_amendtext moves each amendment's text to amendment_text, and back going down, every text kept."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.amendments import services
from app.amendments.models import Amendment
from app.auth import services as auth_services
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db
from config import TestConfig
from tests.documents.helpers import paragraphs


def amendments_of_today() -> dict[str, str]:
    """Three amendments, one edited (the models are the head's: made at the head, the schema taken down after)."""
    author = auth_services.create_person("auteur@example.org", "Auteur", is_delegate=True)
    text_ = paragraphs(6)
    document = create_document("doc", "Doc", text_, author=None, now=utcnow())
    made = {}
    for title in ("first", "second", "edited"):
        made[title] = services.create_amendment(
            document, author=author, title=title, rationale="r", base_number=1, now=utcnow(),
            markdown=text_.replace("Paragraphe 2. ", f"Paragraphe 2 ({title}, « é »). ", 1))
    services.edit_amendment(made["edited"], by=author, title="edited", rationale="r", now=utcnow(),
                            markdown=text_.replace("Paragraphe 4. ", "Paragraphe 4 (corrigé). ", 1))
    texts = {title: amendment.markdown for title, amendment in made.items()}
    db.session.commit()
    return texts


def texts_in_the_row() -> dict[str, str]:
    """0027: the text is a column of the amendment."""
    found = dict(db.session.execute(text("SELECT title, markdown FROM amendment")).tuples().all())
    db.session.rollback()  # no read left open while the migration writes
    return found


def texts_apart() -> dict[str, str]:
    """0028: the text is a row of amendment_text, the amendment has no such column."""
    assert "markdown" not in {column["name"] for column in inspect(db.engine).get_columns("amendment")}
    found = dict(db.session.execute(text(
        "SELECT amendment.title, amendment_text.markdown FROM amendment "
        "JOIN amendment_text ON amendment_text.amendment_id = amendment.id")).tuples().all())
    db.session.rollback()
    return found


def test_every_text_goes_to_its_table_and_back(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        made = amendments_of_today()
        assert texts_apart() == made
        db.session.remove()
        downgrade(revision="0027_sealed_totp")
        assert texts_in_the_row() == made
        assert not inspect(db.engine).has_table("amendment_text")
        upgrade()
        assert texts_apart() == made
        # The models read them again, and write a change to the text row only.
        edited = db.session.scalar(db.select(Amendment).where(Amendment.title == "edited"))
        assert edited.markdown == made["edited"]
        edited.markdown = "Autre texte."
        db.session.commit()
        assert texts_apart() == {**made, "edited": "Autre texte."}
        downgrade(revision="0027_sealed_totp")
        assert texts_in_the_row() == {**made, "edited": "Autre texte."}
        upgrade()
        db.session.remove()
        db.engine.dispose()
