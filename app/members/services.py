"""Organisations and people: creating, editing, deactivating."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record as audit
from app.auth.services import end_all_sessions, revoke_tokens_of
from app.errors import Conflict, Invalid
from app.oneline import one_line
from app.extensions import db
from app.members.models import ORGANISATION_STATUSES, Organisation, Person, Service

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise Invalid(_("“%(slug)s” is not a valid short name: use lower-case letters, digits and hyphens.", slug=slug))
    return slug


def slug_of(name: str, default: str) -> str:
    """A short name made of a name's letters and digits ("Le Nuage Commun" -> "le-nuage-commun")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:56] or default


def free_slug(name: str, taken, default: str) -> str:
    """A short name made from `name`, numbered while `taken(slug)` finds something."""
    base = slug_of(name, default)
    slug, number = base, 1
    while taken(slug) is not None:
        number += 1
        slug = f"{base}-{number}"
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
    name = one_line(name)
    if not name:
        raise Invalid(_("A name is required."))
    if find_organisation(slug) is not None:
        raise Conflict(_("An organisation with the short name “%(slug)s” already exists.", slug=slug), code="duplicate")
    organisation = Organisation(
        slug=slug, name=name, status=status, website=website or None,
        city=city or None, description=description or "", joined_on=joined_on,
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, *, by: Person | None = None, **fields) -> Organisation:
    """Change the editable fields of an organisation's entry."""
    old_status = organisation.status
    if fields.get("name") is not None:
        fields["name"] = one_line(fields["name"]) or organisation.name
    for name in ("name", "website", "city", "description", "status"):
        if name in fields and fields[name] is not None:
            setattr(organisation, name, fields[name])
    if organisation.status not in ORGANISATION_STATUSES:
        raise Invalid(_("Unknown status “%(status)s”.", status=organisation.status))
    db.session.flush()
    if organisation.status != old_status:
        audit("membership.changed", organisation, by=by, organisation_id=organisation.id, old=old_status,
              new=organisation.status)
    return organisation


def update_person(person: Person, *, name: str, organisation: Organisation | None,
                  is_delegate: bool, is_facilitator: bool, is_active: bool, by: Person | None = None) -> Person:
    """A facilitator's edit of someone's roles; deactivation keeps every trace."""
    name = one_line(name)
    if not name:
        raise Invalid(_("A name is required."))
    before = (person.organisation_id, person.is_delegate, person.is_facilitator, person.is_active_account)
    person.name = name
    person.organisation = organisation
    person.is_delegate = is_delegate and organisation is not None
    person.is_facilitator = is_facilitator
    if person.is_active_account and not is_active:
        end_all_sessions(person)  # log them out everywhere
        revoke_tokens_of(person)     # and their API tokens stay dead after a reactivation
    person.is_active_account = is_active
    db.session.flush()
    if before != (person.organisation_id, person.is_delegate, person.is_facilitator, person.is_active_account):
        audit("role.changed", person, by=by, organisation_id=person.organisation_id, public=False, email=person.email,
              name=person.name, roles=person.roles, active=is_active)
    return person


def member_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.status == "member").order_by(Organisation.name)
    ))


# Services offered, leaving ------------------------------------------------------------

MAX_SERVICES = 30


def parse_services(text: str) -> list[dict]:
    """One service a line, “name | description | https://address” (description and address optional)."""
    services = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, description, url = ([part.strip() for part in line.split("|", 2)] + ["", ""])[:3]
        services.append(check_service(name, description, url, number=number))
    if len(services) > MAX_SERVICES:
        raise Invalid(_("%(n)d services at most.", n=MAX_SERVICES))
    return services


def check_service(name: str, description: str, url: str | None, *, number: int) -> dict:
    """One service offered, validated: a short name, an optional description and http(s) address."""
    if not name or len(name) > 100 or len(description) > 1000 or "\x00" in name + description:
        raise Invalid(_("Service %(n)d: a name (100 characters at most) is required.", n=number))
    if url and not re.match(r"^https?://[^\s]{1,490}$", url):
        raise Invalid(_("Service %(n)d: the address must start with https:// or http://.", n=number))
    return {"name": name, "description": description, "url": url or None}


def format_services(organisation: Organisation) -> str:
    """The services as the editing form shows them, one a line."""
    return "\n".join(" | ".join([s.name, s.description, s.url or ""]).rstrip(" |") for s in organisation.services)


def set_services(organisation: Organisation, services: list[dict]) -> None:
    """Replace the services an organisation offers by `services` (dicts of name, description, url)."""
    organisation.services.clear()
    db.session.flush()
    for position, entry in enumerate(services):
        organisation.services.append(Service(position=position, name=entry["name"],
                                             description=entry.get("description") or "", url=entry.get("url")))
    db.session.flush()


def leave_collective(organisation: Organisation, *, reason: str, today: date, by: Person | None = None) -> Organisation:
    """The organisation becomes a former member; its amendments, ballots and comments stay its own."""
    if organisation.status == "former":
        raise Conflict(_("This organisation is already a former member."), code="already_former")
    reason = (reason or "").strip()
    if len(reason) > 2000 or "\x00" in reason:
        raise Invalid(_("The reason is too long (%(n)d characters at most).", n=2000))
    organisation.status = "former"
    organisation.left_on = today
    organisation.left_reason = reason
    db.session.flush()
    audit("membership.changed", organisation, by=by, organisation_id=organisation.id, old="member", new="former",
          reason=reason)
    return organisation


def service_names() -> list[str]:
    """The distinct names of the services members offer, for the directory's filter."""
    return list(db.session.scalars(
        select(Service.name).join(Service.organisation).where(Organisation.status == "member")
        .distinct().order_by(Service.name)
    ))
