"""Comment anchors in an archive: one row per thread per version, as archives always had them.

The database keeps an anchor over a range of versions (app/comments/models.py); an archive keeps the
format it had before, so that an archive made by an older Palabre imports and a new one reads the same.
The export expands each range into its versions (a row's id is its place in the file: nothing points at
an anchor), the import makes ranges of the rows of consecutive versions where a thread stood in the same
place. Both orders are the document's slug, the version's number and the comment: stable across export
→ import → export.
"""
from __future__ import annotations

from sqlalchemy import func, select

from app.comments.models import CommentAnchor
from app.documents.models import Document, Version
from app.extensions import db

PLACE = ("clause_id", "quote_offset", "is_outdated")


def last_numbers() -> dict[int, int]:
    """document id -> the number of its last version (where an open range ends)."""
    return dict(db.session.execute(select(Version.document_id, func.max(Version.number))
                                   .group_by(Version.document_id)).all())


def exported_rows() -> list[dict]:
    """Every anchor, one row per thread per version, version as “slug/number”."""
    slugs = dict(db.session.execute(select(Document.id, Document.slug)).all())
    last = last_numbers()
    rows = []
    for anchor in db.session.scalars(select(CommentAnchor)):
        slug = slugs[anchor.document_id]
        for number in range(anchor.from_number, (anchor.to_number or last[anchor.document_id]) + 1):
            rows.append({"comment_id": anchor.comment_id, "version_id": f"{slug}/{number}",
                         **{key: getattr(anchor, key) for key in PLACE},
                         "_order": (slug, number, anchor.comment_id)})
    rows.sort(key=lambda row: row.pop("_order"))
    return [{"id": n, **row} for n, row in enumerate(rows, start=1)]


def collapsed(rows: list[dict], numbers: dict[int, tuple[int, int]], last: dict[int, int]) -> list[dict]:
    """Rows of an archive (version ids resolved) as ranges; `numbers`: version id -> (document id, number)."""
    placed = sorted((row["comment_id"], *numbers[row["version_id"]], tuple(row.get(key) for key in PLACE))
                    for row in rows)
    ranges: list[dict] = []
    for comment_id, document_id, number, place in placed:
        current = ranges[-1] if ranges else None
        if (current is not None and current["comment_id"] == comment_id and current["to_number"] == number - 1
                and tuple(current[key] for key in PLACE) == place):
            current["to_number"] = number
            continue
        ranges.append({"comment_id": comment_id, "document_id": document_id, "from_number": number,
                       "to_number": number, **dict(zip(PLACE, place))})
    for found in ranges:
        if found["to_number"] == last.get(found["document_id"]):
            found["to_number"] = None
    return ranges


def insert_exported(rows: list[dict], version_ids: dict[str, int]) -> None:
    """The anchors of an archive into the database, as ranges."""
    numbers = {version_id: (document_id, number) for version_id, document_id, number
               in db.session.execute(select(Version.id, Version.document_id, Version.number))}
    resolved = [{**row, "version_id": version_ids[row["version_id"]],
                 "is_outdated": bool(row.get("is_outdated"))} for row in rows]
    ranges = collapsed(resolved, numbers, last_numbers())
    if ranges:
        db.session.execute(CommentAnchor.__table__.insert(), ranges)
