"""Rows as JSON objects and back, column by column, so every table exports the same way."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, select

from app.db_types import UTCDateTime
from app.documents.models import Document, Version
from app.extensions import db


def to_json(value):
    """ISO 8601 for times and dates; everything else is already JSON."""
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def from_json(column, value):
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def version_refs() -> dict[int, str]:
    """Version ids are internal: files name a version “slug/number”, which an import can rebuild."""
    rows = db.session.execute(select(Version.id, Document.slug, Version.number).join(Document))
    return {version_id: f"{slug}/{number}" for version_id, slug, number in rows}


def version_columns(model) -> list[str]:
    """The columns of `model` that point at a version."""
    return [c.key for c in model.__table__.columns if any(fk.column.table.name == "version" for fk in c.foreign_keys)]


def row_json(row, refs: dict[int, str], skip: frozenset = frozenset()) -> dict:
    """One row as a JSON object, version keys as references."""
    model, data = type(row), {}
    version_keys = set(version_columns(model))
    for column in model.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(row, column.key)
        data[column.key] = refs.get(value) if column.key in version_keys and value is not None else to_json(value)
    return data


def rows_of(model, refs: dict[int, str], skip: frozenset = frozenset(), where=None) -> list[dict]:
    """Every row of a table (or those `where` keeps), in primary key order (stable across export → import → export)."""
    order = model.__table__.primary_key.columns
    query = select(model) if where is None else select(model).where(where)
    return [row_json(row, refs, skip) for row in db.session.scalars(query.order_by(*order))]


def insert_rows(model, rows: list[dict], version_ids: dict[str, int]) -> None:
    """Insert rows as exported, ids included, version references resolved."""
    if not rows:
        return
    columns = {c.key: c for c in model.__table__.columns}
    version_keys = set(version_columns(model))
    values = [{key: version_ids[value] if key in version_keys and value is not None else from_json(columns[key], value)
               for key, value in row.items()} for row in rows]
    db.session.execute(model.__table__.insert(), values)
