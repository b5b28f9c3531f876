"""Organisations and people: creating, editing, deactivating."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import Conflict, Invalid
from app.extensions import db
from app.members.models import ORGANISATION_STATUSES, Organisation, Person

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise Invalid(_("“%(slug)s” is not a valid short name: use lower-case letters, digits and hyphens.", slug=slug))
    return slug


def find_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def create_organisation(
    slug: str, name: str, *, status: str = "member", website: str | None = None,
    city: str | None = None, description: str = "", joined_on: date | None = None,
) -> Organisation:
    """A new organisation with a unique slug."""
    slug = check_slug(slug)
    if status not in ORGANISATION_STATUSES:
        raise Invalid(_("Unknown status “%(status)s”.", status=status))
    if not name.strip():
        raise Invalid(_("A name is required."))
    if find_organisation(slug) is not None:
        raise Conflict(_("An organisation with the short name “%(slug)s” already exists.", slug=slug), code="duplicate")
    organisation = Organisation(
        slug=slug, name=name.strip(), status=status, website=website or None,
        city=city or None, description=description or "", joined_on=joined_on,
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, **fields) -> Organisation:
    """Change the editable fields of an organisation's entry."""
    for name in ("name", "website", "city", "description", "status"):
        if name in fields and fields[name] is not None:
            setattr(organisation, name, fields[name])
    if organisation.status not in ORGANISATION_STATUSES:
        raise Invalid(_("Unknown status “%(status)s”.", status=organisation.status))
    db.session.flush()
    return organisation


def update_person(person: Person, *, name: str, organisation: Organisation | None,
                  is_delegate: bool, is_facilitator: bool, is_active: bool) -> Person:
    """A facilitator's edit of someone's roles; deactivation keeps every trace."""
    if not name.strip():
        raise Invalid(_("A name is required."))
    person.name = name.strip()
    person.organisation = organisation
    person.is_delegate = is_delegate and organisation is not None
    person.is_facilitator = is_facilitator
    if person.is_active_account and not is_active:
        person.session_version += 1  # log them out everywhere
    person.is_active_account = is_active
    db.session.flush()
    return person


def member_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.status == "member").order_by(Organisation.name)
    ))
