"""The search index: one row per thing found (a clause of a current text, an amendment, a comment, an organisation).

PostgreSQL keeps each row's `vector` (a tsvector of the French and English stems of its unaccented
words); SQLite keeps the stems in an FTS5 table beside it, `search_fts`, whose rowid is the row's
id (created with the table, here and in the migration). Alembic must not see that virtual table
and its shadow tables as strays: `is_fts_table` tells them apart.
"""
from __future__ import annotations

from sqlalchemy import DDL, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

KINDS = ("clause", "amendment", "comment", "organisation")
FTS_TABLE = "search_fts"
CREATE_FTS = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
              "title, body, tokenize = 'unicode61 remove_diacritics 2')")
CREATE_UNACCENT = "CREATE EXTENSION IF NOT EXISTS unaccent"

# Text on SQLite (left empty: FTS5 holds the terms), a tsvector on PostgreSQL.
SearchVector = Text().with_variant(postgresql.TSVECTOR(), "postgresql")


class SearchEntry(db.Model):
    """One searchable thing, with what its page's address is made of and the text it is found by."""

    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        Index("ix_search_entry_vector", "vector", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Unique within the kind: the object's id, or "<document id>:<clause id>" for a clause.
    key: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    document_slug: Mapped[str | None] = mapped_column(String(64))
    clause_id: Mapped[str | None] = mapped_column(String(16))
    # The amendment's, comment's or organisation's id; the clause's number in its text.
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    vector: Mapped[str | None] = mapped_column(SearchVector)


def is_fts_table(name: str) -> bool:
    """search_fts and the shadow tables FTS5 makes for it (search_fts_data, _idx, _content…)."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


event.listen(db.metadata, "before_create", DDL(CREATE_UNACCENT).execute_if(dialect="postgresql"))
event.listen(SearchEntry.__table__, "after_create", DDL(CREATE_FTS).execute_if(dialect="sqlite"))
event.listen(SearchEntry.__table__, "after_drop", DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(dialect="sqlite"))
