"""Documents and versions, read-only: /api/v1/documents/… (see shared API.md)."""
from __future__ import annotations

import re

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from app.api import bp
from app.api.helpers import paginate
from app.api.serialisers import document_detail_json, document_json, version_json, version_summary_json
from app.documents import queries, reading
from app.documents.download import markdown_response
from app.documents.models import Document, Version, VersionClause
from app.errors import Invalid, NotFound, PalabreError

WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


@bp.route("/documents")
def list_documents():
    return paginate(select(Document).order_by(Document.title, Document.id), document_json)


@bp.route("/documents/<slug>")
def get_document(slug: str):
    document = queries.get_document(slug)
    return document_detail_json(document, queries.get_version(document, document.head_number))


@bp.route("/documents/<slug>/versions")
def list_versions(slug: str):
    return paginate(queries.versions_query(queries.get_document(slug)), version_summary_json)


@bp.route("/documents/<slug>/versions/<int:number>")
def get_version(slug: str, number: int):
    document = queries.get_document(slug)
    return version_json(queries.get_version(document, number, with_clauses=True))


@bp.route("/documents/<slug>/versions/<int:number>.md")
def get_markdown(slug: str, number: int):
    document = queries.get_document(slug)
    version = queries.get_version(document, number)
    return markdown_response(document, version)


@bp.route("/documents/<slug>/compare")
def compare_versions(slug: str):
    document = queries.get_document(slug)
    old_number, new_number = _version_param("from"), _version_param("to")
    old = queries.get_version(document, old_number, light=True)
    new = queries.get_version(document, new_number, light=True)
    ops = reading.document_diff(old, new)
    return {"from": old.number, "to": new.number, "diff": [[op, text] for op, text in ops]}


def _version_param(name: str) -> int:
    value = request.args.get(name)
    if value is None or not value.strip():
        raise PalabreError(_("The “%(name)s” parameter (a version number) is required.", name=name),
                           code="missing_parameter")
    value = value.strip()
    if not WHOLE_NUMBER.fullmatch(value):
        raise PalabreError(_("“%(name)s” must be a whole number, not “%(value)s”.", name=name, value=value[:20]),
                           code="bad_parameter")
    if int(value) < 1:
        raise Invalid(_("“%(name)s” must be a version number, 1 or more.", name=name), code="invalid_version")
    return int(value)


@bp.route("/documents/<slug>/clauses/<clause_id>/history")
def clause_history(slug: str, clause_id: str):
    document = queries.get_document(slug)
    query = (
        select(VersionClause)
        .join(Version, VersionClause.version_id == Version.id)
        .where(Version.document_id == document.id, VersionClause.clause_id == clause_id,
               VersionClause.changed_in == Version.number)
        .order_by(Version.number)
    )
    page = paginate(query, _clause_entry)
    if page["total"] == 0:
        raise NotFound(_("“%(title)s” has no clause “%(id)s”.", title=document.title, id=clause_id[:40]),
                       code="clause_not_found")
    return page


def _clause_entry(clause: VersionClause) -> dict:
    return {"version": clause.changed_in, "text": clause.text}
