"""flask rebuild-search: the whole index again from the tables (after an upgrade or an import)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.search.index import rebuild


@click.command("rebuild-search")
@with_appcontext
def rebuild_search() -> None:
    """Rebuild the search index from the texts, amendments, comments and organisations."""
    count = rebuild(db.session)
    db.session.commit()
    click.echo(f"{count} entries indexed.")


commands = (rebuild_search,)
