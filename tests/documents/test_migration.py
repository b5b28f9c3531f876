"""`flask db upgrade` builds the documents schema the models expect, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.database import made_on
from app.documents import services
from app.documents.queries import get_version
from app.extensions import db
from app.search.models import is_fts_table
from config import TestConfig
from tests.documents.conftest import T0
from tests.documents.helpers import charter

DOCUMENT_TABLES = {"document", "version", "rendered_clause", "version_clause"}


def touches_documents(difference) -> bool:
    """Whether an autogenerate difference concerns one of the documents tables."""
    flat = difference if isinstance(difference, tuple) else difference[0]
    return any(getattr(item, "name", None) in DOCUMENT_TABLES or getattr(getattr(item, "table", None), "name", None)
               in DOCUMENT_TABLES for item in flat[1:] if item is not None)


def not_full_text_search(name, type_, _parent) -> bool:
    """SQLite's FTS5 table of the search index and its shadow tables are made by hand, not by the models."""
    return not (type_ == "table" and is_fts_table(name))


def test_migrations_build_the_documents_schema(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": not_full_text_search,
                                                                   "include_object": made_on(connection.dialect.name)})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences  # every table, not only the documents ones
        document = services.create_document("charte", "Charte", charter(), author=None, now=T0)
        services.create_version(document, charter(4), author=None, now=T0, summary="v2")
        db.session.commit()
        assert get_version(document, 2).markdown == charter(4)
        db.session.remove()
        db.engine.dispose()
