"""What a follow request names (a text, a clause of it, an amendment, an application), checked: 404 for what does
not exist or is not shown."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app import policy
from app.amendments.queries import get_amendment
from app.applications.models import Application
from app.documents.models import Version, VersionClause
from app.documents.queries import get_document
from app.errors import Invalid, NotFound
from app.extensions import db
from app.urls import LARGEST_ID
from app.watches.services import target_of, target_of_application


def clause_exists(document, clause_id: str) -> bool:
    """Whether any version of the text has had this clause (a clause removed later may still be followed)."""
    return db.session.scalar(select(VersionClause.id).join(Version, Version.id == VersionClause.version_id).where(
        Version.document_id == document.id, VersionClause.clause_id == clause_id).limit(1)) is not None


def number(value: Any, field: str) -> int:
    """A positive id typed in a form or a JSON body (a larger one than a column holds names nothing)."""
    try:
        found = int(value)
    except (TypeError, ValueError):
        raise Invalid(_("“%(field)s” must be a number.", field=field), code="invalid_value") from None
    return found if 0 < found <= LARGEST_ID else 0


def resolve(viewer: Any, *, document: str | None, clause: str | None, amendment: Any,
            application: Any = None) -> dict:
    """The watch target named by these fields (exactly one thing), or a 4xx with a sentence."""
    if application not in (None, ""):
        found = db.session.get(Application, number(application, "application")) or None
        if found is None or not policy.can_read(viewer):
            raise NotFound(_("There is no application No. %(id)s.", id=application), code="not_found")
        return target_of_application(found)
    if amendment not in (None, ""):
        try:
            amendment_id = int(amendment)
        except (TypeError, ValueError):
            raise Invalid(_("“amendment” must be an amendment's number."), code="invalid_value") from None
        found = get_amendment(amendment_id) if 0 < amendment_id < 2**31 else None
        if found is None or not policy.can_see_amendment(viewer, found):
            raise NotFound(_("There is no amendment No. %(id)s.", id=amendment), code="not_found")
        return target_of(found.document, amendment=found)
    if "\x00" in (document or "") + (clause or ""):
        raise Invalid(_("A name to follow cannot hold a NUL character."), code="invalid_value")
    if clause and not document and "/" in clause:
        document, clause = clause.split("/", 1)
    if not document:
        raise Invalid(_("Say what to follow: a document, a clause of it, an amendment or an application."),
                      code="missing_field")
    found_document = get_document(document)
    if clause:
        if not clause_exists(found_document, clause):
            raise NotFound(_("There is no clause “%(clause)s” in this text.", clause=clause), code="not_found")
        return target_of(found_document, clause_id=clause)
    return target_of(found_document)
