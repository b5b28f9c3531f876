"""flask import: an archive of flask export replayed into an empty instance."""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import click
from sqlalchemy import func, select, text, update

from app.amendments.models import Amendment
from app.audit.services import suspended as audit_suspended
from app.documents.models import Document
from app.documents.services import create_version
from app.extensions import db
from app.members.models import Organisation, Person
from app.portability.records import from_json, insert_rows
from app.search.index import rebuild as rebuild_search
from app.portability.tables import LATER_FILES, PEOPLE_TABLES, RECORD_TABLES


def read_archive(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile) as error:
        raise click.ClickException(f"{path} is not a Palabre export: {error}") from None


def check_empty() -> None:
    for model in (Organisation, Person, Document):
        if db.session.scalar(select(func.count()).select_from(model)):
            raise click.ClickException("This instance already holds data: import only into an empty one.")


def new_ids(entry: dict, previous: list[str]):
    """Hand the version its exported clause ids, in the order the engine asks for new ones."""
    kept = set(previous)
    return iter([clause_id for clause_id in entry["clause_ids"] if clause_id not in kept]).__next__


def restore_version(files: dict[str, bytes], document: Document, entry: dict, previous: list[str]) -> int:
    """One version through create_version (clauses, renderings), with its exported clause ids; its id."""
    markdown = files[f"documents/{document.slug}/v{entry['number']}.md"].decode("utf-8")
    author = db.session.get(Person, entry["author_id"]) if entry["author_id"] else None
    version = create_version(
        document, markdown, author=author, now=from_json(Document.__table__.c.created_at, entry["created_at"]),
        summary=entry["summary"], amendment_id=entry["amendment_id"], expected_head=entry["number"] - 1,
        new_id=new_ids(entry, previous))
    return version.id


def restore_versions(files: dict[str, bytes], amendments: dict[int, dict], version_ids: dict[str, int]) -> None:
    """Every version in order, the amendment it came from inserted just before it (versions are immutable)."""
    documents = {doc.slug: doc for doc in db.session.scalars(select(Document))}
    previous: dict[str, list[str]] = {}
    entries = json.loads(files["versions.json"])
    with click.progressbar(entries, label="Rebuilding versions", file=sys.stderr) as bar:
        for entry in bar:
            slug = entry["document"]
            if entry["amendment_id"] in amendments:
                insert_rows(Amendment, [{**amendments.pop(entry["amendment_id"]), "merged_version_id": None}],
                            version_ids)
            version_ids[f"{slug}/{entry['number']}"] = restore_version(files, documents[slug], entry,
                                                                       previous.get(slug, []))
            previous[slug] = entry["clause_ids"]


def restore_amendments(files: dict[str, bytes], version_ids: dict[str, int]) -> None:
    """Amendments not merged yet, then every merged_version link (versions now exist)."""
    exported = json.loads(files["amendments.json"])
    waiting = {row["id"]: row for row in exported}
    restore_versions(files, waiting, version_ids)
    insert_rows(Amendment, [{**row, "merged_version_id": None} for row in waiting.values()], version_ids)
    for row in exported:
        if row["merged_version_id"]:
            db.session.execute(update(Amendment).where(Amendment.id == row["id"])
                               .values(merged_version_id=version_ids[row["merged_version_id"]]))


def reset_sequences() -> None:
    """PostgreSQL: rows came with their ids, so the next id must follow the largest."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in (*PEOPLE_TABLES.values(), Document, Amendment, *RECORD_TABLES.values()):
        if "id" not in model.__table__.columns:  # keyed by something else (mail preferences: the person)
            continue
        table = model.__tablename__
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"))


def restore(path: Path) -> None:
    """Load the archive at `path`; the caller commits."""
    files = read_archive(path)
    check_empty()
    try:
        with audit_suspended():  # the archive's own record is restored as it was, not written anew
            load(files)
    except (KeyError, ValueError, TypeError) as error:
        raise click.ClickException(f"{path} is not a complete Palabre export ({error!r}).") from None
    rebuild_search(db.session)  # rows were inserted in bulk, past the index's session hook


def rows_in(files: dict[str, bytes], name: str) -> list[dict]:
    """The rows of one file of the archive; none for a file that older archives did not have yet."""
    if name not in files and name in LATER_FILES:
        return []
    return json.loads(files[name])


def load(files: dict[str, bytes]) -> None:
    """Tables in dependency order: people, documents with their versions and amendments, the record."""
    version_ids: dict[str, int] = {}
    for name, model in PEOPLE_TABLES.items():
        insert_rows(model, rows_in(files, name), version_ids)
    insert_rows(Document, [{**row, "head_number": 0} for row in json.loads(files["documents.json"])], version_ids)
    restore_amendments(files, version_ids)
    for name, model in RECORD_TABLES.items():
        insert_rows(model, rows_in(files, name), version_ids)
    reset_sequences()
