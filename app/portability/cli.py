"""flask export-git and import-git. Thin: parse, call, commit."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.documents.queries import get_document
from app.errors import PalabreError
from app.extensions import db
from app.portability.export import archive_files, write_archive
from app.portability.git_export import export_history
from app.portability.git_import import import_history
from app.portability.restore import restore


@click.command("export-git")
@click.argument("slug")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_git(slug: str, directory: Path) -> None:
    """Write DIRECTORY as a git repository with one commit per version of document SLUG."""
    try:
        count = export_history(get_document(slug), directory)
    except PalabreError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{count} commits written to {directory}.")


@click.command("import-git")
@click.argument("slug")
@click.argument("repository", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("path")
@click.option("--title", help="The document's title (default: the first heading of the text).")
@with_appcontext
def import_git(slug: str, repository: Path, path: str, title: str | None) -> None:
    """Create document SLUG from every commit of REPOSITORY that changed PATH."""
    try:
        count = import_history(slug, repository, path, title)
    except (PalabreError, click.ClickException) as error:
        db.session.rollback()
        raise click.ClickException(getattr(error, "message", None) or str(error)) from None
    db.session.commit()
    click.echo(f"{slug}: {count} versions imported.")


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-password-hashes", is_flag=True, help="Include password hashes (keep the file secret).")
@with_appcontext
def export_archive(path: Path, with_password_hashes: bool) -> None:
    """Write the whole collective to PATH (a zip of Markdown and JSON files)."""
    files = archive_files(with_password_hashes)
    write_archive(path, files)
    click.echo(f"{len(files)} files written to {path}.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_archive(path: Path) -> None:
    """Restore an archive of flask export into this empty instance."""
    try:
        restore(path)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    click.echo(f"{path} imported.")


commands = [export_git, import_git, export_archive, import_archive]
