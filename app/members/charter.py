"""Signing the charter: each member organisation signs a given version of the text `charte`."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.models import Document, Version
from app.documents.ratification import version_in_force
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.members.models import Organisation, Person, Signature

CHARTER_SLUG = "charte"


def charter() -> Document | None:
    """The collective's charter, if the instance has one."""
    return db.session.scalar(select(Document).where(Document.slug == CHARTER_SLUG))


def charter_version_in_force() -> int | None:
    """The version ratified by the members' last adopted ratification vote, else the head."""
    document = charter()
    return version_in_force(document) if document is not None else None


def signed_text_sha256(version_number: int) -> str | None:
    """The hash of the exact charter text a signature is for (stored with the version)."""
    document = charter()
    return db.session.scalar(select(Version.sha256).where(Version.document_id == document.id,
                                                          Version.number == version_number))


def needs_signature(organisation: Organisation) -> bool:
    """A member organisation that has not signed the charter version in force."""
    in_force = charter_version_in_force()
    return bool(organisation.is_member and in_force and organisation.signed_charter_version != in_force)


def sign_charter(organisation: Organisation, *, by: Person, version_number: int, now: datetime) -> Signature:
    """A delegate signs, for their organisation, the charter version in force (and only that one)."""
    if not (by.is_delegate and by.organisation_id == organisation.id and organisation.is_member):
        raise NotAllowed(_("Only a delegate of a member organisation signs the charter for it."))
    if version_number != charter_version_in_force():
        raise Conflict(_("Only the charter version in force can be signed; the page has been refreshed."),
                       code="stale_version")
    if organisation.signed_charter_version == version_number:
        raise Conflict(_("Your organisation has already signed this version."), code="duplicate")
    signature = Signature(organisation=organisation, version_number=version_number, signed_at=now, signed_by=by,
                          version_sha256=signed_text_sha256(version_number))
    db.session.add(signature)
    db.session.flush()
    db.session.refresh(organisation, ["signatures"])
    return signature
