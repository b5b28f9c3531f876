"""What a result shows: a title in the reader's language and the address of the thing found."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.search.models import KINDS
from app.search.queries import Found


def kind_label(kind: str) -> str:
    """The kind of a result, as a reader reads it."""
    return {"clause": _("Text"), "amendment": _("Amendment"), "comment": _("Comment"),
            "organisation": _("Organisation")}[kind]


def kind_choices() -> list[tuple[str, str]]:
    return [("", _("Everything")), *((kind, kind_label(kind)) for kind in KINDS)]


def result_title(found: Found) -> str:
    entry = found.entry
    if entry.kind == "clause":
        return _("%(document)s, clause %(n)d", document=entry.title, n=entry.number)
    if entry.kind == "comment":
        return _("Comment on “%(title)s”", title=entry.title)
    return entry.title


def result_url(found: Found, *, external: bool = False) -> str:
    entry = found.entry
    if entry.kind == "clause":
        return url_for("documents.show", slug=entry.document_slug, _anchor=f"clause-{entry.clause_id}",
                       _external=external)
    if entry.kind == "amendment":
        return url_for("amendments.show", amendment_id=entry.number, _external=external)
    if entry.kind == "comment":
        return url_for("comments.permalink", comment_id=entry.number, _external=external)
    return url_for("members.organisation", slug=entry.document_slug, _external=external)


def result_json(found: Found) -> dict:
    """A result of GET /api/v1/search: the snippet is HTML, escaped but for the <mark> around the words found."""
    return {"kind": found.entry.kind, "title": result_title(found), "url": result_url(found, external=True),
            "snippet": found.snippet}
