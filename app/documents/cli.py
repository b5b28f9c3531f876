"""flask create-document and flask add-version: start a text, import an existing history."""
from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from app.auth import services as auth_services
from app.cli import run_service
from app.db_types import utcnow
from app.documents import queries, services
from app.errors import PalabreError
from app.extensions import db
from app.printing.office import extension_of, import_text


def read_markdown(path: str) -> str:
    """A file's text exactly as stored (no newline translation), or stdin for `-`."""
    with click.open_file(path, "rb") as stream:  # binary: \r\n and a BOM stay as they are
        raw = stream.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path} is not UTF-8 text (byte {error.start}).") from None


def read_document_file(path: str) -> str:
    """Version 1 from a Markdown or text file exactly as stored, or imported from an .odt or .docx."""
    if extension_of(path) not in ("odt", "docx"):
        return read_markdown(path)
    with open(path, "rb") as stream:
        data = stream.read()
    try:
        return import_text(data, os.path.basename(path))
    except PalabreError as error:
        raise click.ClickException(error.message) from None


def find_author(email: str | None):
    if email is None:
        return None
    person = auth_services.find_person(email)
    if person is None:
        raise click.ClickException(f"No person with the e-mail address “{email}”.")
    return person


@click.command("create-document")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--file", "path", required=True, type=click.Path(dir_okay=False, allow_dash=True, exists=True),
              help="Version 1: a .md, .txt, .odt or .docx file, or - for Markdown on stdin.")
@click.option("--summary", default="", help="What version 1 is.")
@click.option("--author", "author_email", help="E-mail of the person recorded as author.")
@with_appcontext
def create_document(slug, title, path, summary, author_email):
    """Create a document whose version 1 is the given file (Markdown, text, ODT or DOCX)."""
    author = find_author(author_email)
    markdown = read_document_file(path)
    document = run_service(lambda: services.create_document(
        slug, title, markdown, author=author, now=utcnow(), summary=summary,
    ))
    click.echo(f"Created {document.slug} (version 1).")


@click.command("add-version")
@click.argument("slug")
@click.option("--file", "paths", required=True, multiple=True,
              type=click.Path(dir_okay=False, allow_dash=True, exists=True),
              help="The Markdown of the next version; repeat to import several versions in order.")
@click.option("--summary", required=True, help="What changed (the same for every file of this run).")
@click.option("--author", "author_email", help="E-mail of the person recorded as author.")
@with_appcontext
def add_version(slug, paths, summary, author_email):
    """Add the next version(s) of a document, one per --file, in order.

    Each version is committed on its own: a long import that stops half-way (a bad
    file, a concurrent change) keeps what it imported and says where to resume, and the
    database is never locked for the whole run.
    """
    author = find_author(author_email)
    document = _document(slug)
    texts = [read_markdown(path) for path in paths]  # every file is checked before anything is written
    with click.progressbar(list(zip(paths, texts)), label=f"Importing into {slug}", show_pos=True) as bar:
        for path, markdown in bar:
            try:
                version = services.create_version(document, markdown, author=author, now=utcnow(), summary=summary)
                db.session.commit()
            except PalabreError as error:
                db.session.rollback()
                raise click.ClickException(f"{path}: {error.message} Versions before it are kept.") from None
    click.echo(f"{slug} is now at version {version.number}.")


def _document(slug: str):
    try:
        return queries.get_document(slug)
    except PalabreError as error:
        raise click.ClickException(error.message) from None


commands = [create_document, add_version]
