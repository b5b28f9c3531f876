"""flask import: an archive of flask export replayed into an empty instance."""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import click
from sqlalchemy import func, select, text, update

from app.amendments.models import Amendment, AmendmentText
from app.applications.models import Application
from app.auth import sealing
from app.audit.services import suspended as audit_suspended
from app.collective.archive import restore_identity
from app.comments.models import Comment, CommentAnchor
from app.documents.models import Document, Version
from app.documents.services import create_version
from app.extensions import db
from app.members.charter import CHARTER_SLUG
from app.members.models import Organisation, Person, Signature
from app.portability import anchors
from app.portability.records import from_json, insert_rows
from app.search.index import rebuild as rebuild_search
from app.portability.tables import LATER_FILES, PEOPLE_TABLES, RECORD_TABLES
from app.record.chain import link_pending
from app.text.render import render_markdown


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
        new_id=new_ids(entry, previous), vote_id=entry.get("vote_id"))
    if entry.get("chain") not in (None, version.chain):
        raise click.ClickException(f"{document.slug} version {entry['number']}: its text or its place in the "
                                   "history does not match the hashes of the archive (flask verify, README).")
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
                insert_amendments([{**amendments.pop(entry["amendment_id"]), "merged_version_id": None}], version_ids)
            version_ids[f"{slug}/{entry['number']}"] = restore_version(files, documents[slug], entry,
                                                                       previous.get(slug, []))
            previous[slug] = entry["clause_ids"]


def insert_amendments(rows: list[dict], version_ids: dict[str, int]) -> None:
    """Amendments as exported, each with its `markdown`: the text goes to its own table (AmendmentText)."""
    insert_rows(Amendment, [{key: value for key, value in row.items() if key != "markdown"} for row in rows],
                version_ids)
    insert_rows(AmendmentText, [{"amendment_id": row["id"], "markdown": row["markdown"]} for row in rows],
                version_ids)


def restore_amendments(files: dict[str, bytes], version_ids: dict[str, int]) -> None:
    """Amendments not merged yet, then every merged_version link (versions now exist)."""
    exported = json.loads(files["amendments.json"])
    waiting = {row["id"]: row for row in exported}
    restore_versions(files, waiting, version_ids)
    insert_amendments([{**row, "merged_version_id": None} for row in waiting.values()], version_ids)
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


def upgraded(name: str, rows: list[dict], version_ids: dict[str, int]) -> list[dict]:
    """Votes as the engine stores them: a vote on a version points at its rebuilt id; in an archive made
    before votes knew no subject, a vote's amendment_id or application_id becomes its subject."""
    if name == "votes.json":
        return [vote_row(row, version_ids) for row in rows]
    if name == "audit_log.json":  # an entry sealed when exported comes back without what was sealed
        return [{key: value for key, value in row.items() if key != "sealed"} for row in rows]
    if name == "people.json":
        return [person_row(row) for row in rows]
    return rows


def person_row(row: dict) -> dict:
    """A full backup made before TOTP secrets were sealed carries them in clear: sealed with this server's keys."""
    if "totp_secret" not in row:
        return row
    row = dict(row)
    secret = row.pop("totp_secret")
    row["totp_sealed_secret"] = sealing.seal(secret) if secret else None
    return row


def vote_row(row: dict, version_ids: dict[str, int]) -> dict:
    if row.get("subject_kind") == "version":
        return {**row, "subject_id": version_ids[row["subject_id"]]}
    if "subject_kind" in row:
        return row
    row = dict(row)
    amendment_id, application_id = row.pop("amendment_id", None), row.pop("application_id", None)
    row["subject_kind"], row["subject_id"] = (("amendment", amendment_id) if amendment_id is not None
                                              else ("application", application_id))
    row.setdefault("proxies_per_holder", 1)
    return row


def load(files: dict[str, bytes]) -> None:
    """Tables in dependency order: people, documents with their versions and amendments, the record."""
    version_ids: dict[str, int] = {}
    for name, model in PEOPLE_TABLES.items():
        insert_rows(model, upgraded(name, rows_in(files, name), version_ids), version_ids)
    insert_rows(Document, [{**row, "head_number": 0} for row in json.loads(files["documents.json"])], version_ids)
    restore_amendments(files, version_ids)
    for name, model in RECORD_TABLES.items():
        rows = rendered_again(model, upgraded(name, rows_in(files, name), version_ids))
        if model is CommentAnchor:
            anchors.insert_exported(rows, version_ids)
        else:
            insert_rows(model, rows, version_ids)
    complete_older_archive()
    restore_identity(files)
    reset_sequences()


def rendered_again(model, rows: list[dict]) -> list[dict]:
    """Comments' HTML made again from their Markdown: an archive is a file anyone may have edited, and its HTML
    would be shown as it is (a `<meta http-equiv=refresh>` survived the import)."""
    if model is not Comment:
        return rows
    return [{**row, "body_html": render_markdown(row.get("body") or "")} for row in rows]


def complete_older_archive() -> None:
    """An archive made before the record was hashed: its signatures get the hash of the text signed, its
    entries their links (in their order); one made before applications kept their contact's name and address:
    they are the contact's account's. A newer archive comes with all, as exported: nothing changes."""
    charter = db.session.scalar(select(Document).where(Document.slug == CHARTER_SLUG))
    if charter is not None:
        hashes = select(Version.sha256).where(Version.document_id == charter.id,
                                              Version.number == Signature.version_number).scalar_subquery()
        db.session.execute(update(Signature).where(Signature.version_sha256.is_(None)).values(version_sha256=hashes)
                           .execution_options(synchronize_session=False))
    contact = select(Person).where(Person.id == Application.contact_id)
    db.session.execute(update(Application).where(Application.contact_email == "", Application.contact_id.is_not(None))
                       .values(contact_name=contact.with_only_columns(Person.name).scalar_subquery(),
                               contact_email=contact.with_only_columns(Person.email).scalar_subquery(),
                               contact_language=contact.with_only_columns(Person.language).scalar_subquery())
                       .execution_options(synchronize_session=False))
    link_pending(db.session.connection())
