"""Who the collective is, as every page, feed, mail and export names it: read once per generation.

Pages, mails and feeds all want the name; reading the row for each would add a query to every page. The
identity only changes in a transaction that writes, which moves the generation (app/caching/generation.py),
so one copy per process (per application) is kept for the generation it was read at. A request reads the
generation once (the visitor's kept-page wrapper has often read it already: app/caching/pages.py leaves it in `g`).

Before set-up (or on an instance older than the set-up page) the name is PALABRE_NAME.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.caching import generation
from app.collective.models import THE_ROW, Collective
from app.extensions import db

KEPT = "collective_identity"  # in app.extensions: (generation, Identity), one per application


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str = ""
    description: str = ""
    languages: tuple[str, ...] = ("fr",)
    contact_email: str = ""
    logo_version: str | None = None
    set_up: bool = False

    @property
    def header_name(self) -> str:
        """What the header shows: the short name, when the collective has one."""
        return self.short_name or self.name

    @property
    def language(self) -> str:
        """The collective's main language: the one its invitations are written in."""
        return self.languages[0] if self.languages else "fr"


def _read() -> Identity:
    fallback = current_app.config["PALABRE_NAME"]
    row = db.session.execute(select(Collective.name, Collective.short_name, Collective.description,
                                    Collective.languages, Collective.contact_email, Collective.logo_version, Collective.set_up_at)
                             .where(Collective.id == THE_ROW)).first()
    if row is None or row.set_up_at is None:
        return Identity(name=fallback)
    languages = tuple(code for code in (row.languages or "").split(",") if code)
    return Identity(name=row.name or fallback, short_name=row.short_name, description=row.description,
                    languages=languages or ("fr",), contact_email=row.contact_email, logo_version=row.logo_version,
                    set_up=True)


def current() -> Identity:
    """The collective's identity as this request (or command) sees it."""
    if not has_app_context():
        raise RuntimeError("the collective's identity needs an application context")
    found = g.get("collective_identity")
    if found is not None:
        return found
    if g.get("collective_changed"):  # changed in this transaction, not committed: not for other requests
        g.collective_identity = _read()
        return g.collective_identity
    seen = generation.seen(db.session)
    kept = current_app.extensions.get(KEPT)  # one tuple, replaced whole: threads see the old or the new one
    if kept is not None and kept[0] == seen:
        identity = kept[1]
    else:
        identity = _read()
        current_app.extensions[KEPT] = (seen, identity)
    g.collective_identity = identity
    return identity


def forget() -> None:
    """After changing the identity in this transaction: this request reads it again from the row, and keeps
    nothing for others (the generation moves only at commit, and the change may yet be rolled back)."""
    g.pop("collective_identity", None)
    g.collective_changed = True


def rolled_back() -> None:
    """The change of this transaction was rolled back: the committed identity again."""
    g.pop("collective_identity", None)
    g.pop("collective_changed", None)


def site_name() -> str:
    return current().name


def for_pages() -> Identity:
    """The identity for a template: when the database itself is what failed (the page saying it is busy), the
    configured name rather than a second error."""
    try:
        return current()
    except SQLAlchemyError:
        return Identity(name=current_app.config["PALABRE_NAME"])
