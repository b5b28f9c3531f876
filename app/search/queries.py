"""Finding things: each engine's full-text search ranks the entries, Python highlights the words found.

SQLite: an FTS5 MATCH on the stems (app/search/words.py), ranked by bm25 with the title counting
four times the body. PostgreSQL: the French and English queries of the unaccented words, ORed,
against the stored vector, ranked by ts_rank.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, literal_column, select, text

from app.extensions import db
from app.search import words
from app.search.index import FTS
from app.search.models import SearchEntry

MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Found:
    """One result: the entry and its highlighted snippet (HTML, escaped but for <mark>)."""

    entry: SearchEntry
    snippet: str


def _sqlite_select(query: str) -> Select | None:
    match = words.fts5_match(query)
    if match is None:
        return None
    rank = func.bm25(literal_column(FTS.name), 4.0, 1.0)
    return (select(SearchEntry).join(FTS, FTS.c.rowid == SearchEntry.id)
            .where(text(f"{FTS.name} MATCH :match").bindparams(match=match)).order_by(rank, SearchEntry.id))


def _postgresql_select(query: str) -> Select | None:
    plain = " ".join(words.query_words(query))
    if not plain:
        return None
    def tsquery(config: str):
        return func.websearch_to_tsquery(literal_column(f"'{config}'::regconfig"), func.unaccent(plain))
    wanted = tsquery("french").op("||")(tsquery("english"))
    return (select(SearchEntry).where(SearchEntry.vector.op("@@")(wanted))
            .order_by(func.ts_rank(SearchEntry.vector, wanted).desc(), SearchEntry.id))


def search(query: str, *, kind: str | None, page: int, per_page: int) -> tuple[list[Found], int]:
    """One page of what `query` finds (of one kind, or all), best first, and how many in all."""
    build = _sqlite_select if db.engine.dialect.name == "sqlite" else _postgresql_select
    statement = build(query[:MAX_QUERY_CHARS])
    if statement is None:
        return [], 0
    if kind:
        statement = statement.where(SearchEntry.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    entries = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return [Found(entry, words.highlight(entry.body or entry.title, query)) for entry in entries], total



