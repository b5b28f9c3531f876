"""flask export: the whole collective as a zip of Markdown and JSON files, byte-stable."""
from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

import click
from sqlalchemy import select

from app.amendments.models import Amendment, AmendmentText
from app.audit.services import sealed_among
from app.collective.archive import identity_files
from app.comments.models import CommentAnchor
from app.documents.models import Document, Version
from app.extensions import db
from app.portability import anchors
from app.portability.records import row_json, rows_of, version_refs
from app.portability.tables import PEOPLE_TABLES, RECORD_TABLES
from app.votes.models import Ballot, BallotEvent, Vote

# A fixed time in the zip headers: two exports of the same data are the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Shipped in every archive: it verifies the archive offline with Python's standard library only.
VERIFIER = "verify_archive.py"
VERIFIER_SOURCE = (Path(__file__).parent.parent / "record" / VERIFIER).read_bytes()
MANIFEST = "SHA256SUMS"


def dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def version_entry(version: Version, refs: dict[int, str]) -> dict:
    """A version's metadata; its Markdown goes to its own file."""
    entry = row_json(version, refs, skip=frozenset({"id", "document_id", "markdown"}))
    entry["document"] = version.document.slug
    entry["clause_ids"] = [clause.clause_id for clause in version.clauses]
    return entry


def document_files(refs: dict[int, str]) -> dict[str, bytes]:
    files, versions = {}, []
    for version in db.session.scalars(select(Version).join(Document).order_by(Document.slug, Version.number)):
        files[f"documents/{version.document.slug}/v{version.number}.md"] = version.markdown.encode("utf-8")
        versions.append(version_entry(version, refs))
    files["documents.json"] = dump(rows_of(Document, refs))
    files["versions.json"] = dump(versions)
    files["amendments.json"] = dump(amendment_rows(refs))
    return files


def amendment_rows(refs: dict[int, str]) -> list[dict]:
    """Every amendment with its text among its fields, as before the text had a table of its own."""
    texts = dict(db.session.execute(select(AmendmentText.amendment_id, AmendmentText.markdown)).tuples().all())
    return [{**row, "markdown": texts.get(row["id"])} for row in rows_of(Amendment, refs)]


def archive_files(with_password_hashes: bool = False) -> dict[str, bytes]:
    """Every file of the archive, by name."""
    refs = version_refs()
    files = {name: dump(rows_of(model, refs, credentials(model, with_password_hashes)))
             for name, model in PEOPLE_TABLES.items()}
    files.update(document_files(refs))
    files.update({name: dump(record_rows(name, model, refs)) for name, model in RECORD_TABLES.items()})
    files.update(identity_files(dump))
    files[VERIFIER] = VERIFIER_SOURCE
    files[MANIFEST] = manifest(files)
    return files


# Credentials: password hashes (a person's, an unconfirmed contact's) and the two-factor secret travel only in a
# full backup (--with-password-hashes).
CREDENTIALS = {"person": frozenset({"password_hash", "totp_sealed_secret", "totp_last_step"}),
               "application": frozenset({"contact_password_hash"})}


def credentials(model, with_password_hashes: bool) -> frozenset:
    return frozenset() if with_password_hashes else CREDENTIALS.get(model.__tablename__, frozenset())


def manifest(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS: "<sha256>  <name>" per file, sorted (the format of sha256sum -c)."""
    return "".join(f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)).encode()


def record_rows(name: str, model, refs: dict[int, str]) -> list[dict]:
    """The rows of one file of the record; anchors one per thread per version, as archives have them."""
    if model is CommentAnchor:
        return anchors.exported_rows()
    return subject_refs(name, rows_of(model, refs, where=kept_rows(model)), refs)


def subject_refs(name: str, rows: list[dict], refs: dict[int, str]) -> list[dict]:
    """A vote on a version names it “slug/number”, as every other pointer at a version does: version ids
    are internal, rebuilt by the import. The record's entries sealed by a secret vote still open go
    without who and which organisation (see `sealed_rows`)."""
    if name == "audit_log.json":
        return sealed_rows(rows)
    if name != "votes.json":
        return rows
    return [{**row, "subject_id": refs[row["subject_id"]]} if row["subject_kind"] == "version" else row
            for row in rows]


def kept_rows(model):
    """Ballots of a secret vote still open stay out of the archive: a facilitator's download must not
    reveal what the page and the API keep secret until the close."""
    if model not in (Ballot, BallotEvent):
        return None
    return model.vote_id.not_in(select(Vote.id).where(Vote.status == "open", Vote.secret_ballots.is_(True)))


def sealed_rows(rows: list[dict]) -> list[dict]:
    """While a secret vote is open the record shows its ballot entries without the person and the
    organisation (reading them beside the count would tell each choice); so does the archive. Such an
    entry is marked `"sealed": true`: its hash covers what is left out, so a verifier checks only that it
    is linked into the chain, and an instance restored from this archive keeps it without them."""
    sealed = sealed_among((row["id"], row["kind"], row["object_type"]) for row in rows)
    return [{**row, "actor_id": None, "organisation_id": None, "sealed": True} if row["id"] in sealed else row
            for row in rows]


def write_zip(target, files: dict[str, bytes], names) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), files[name],
                             compress_type=zipfile.ZIP_DEFLATED)


def write_archive(path: Path, files: dict[str, bytes]) -> None:
    """The archive at `path`, with a progress bar in the terminal."""
    with click.progressbar(sorted(files), label="Writing the archive", file=sys.stderr) as names:
        write_zip(path, files, names)


def archive_bytes(files: dict[str, bytes]) -> bytes:
    """The same archive in memory (the facilitators' download), byte for byte."""
    buffer = io.BytesIO()
    write_zip(buffer, files, sorted(files))
    return buffer.getvalue()
