"""Objects as the JSON of API.md. Field names here are a promise: keep them."""
from __future__ import annotations

from app.members.models import Organisation, Person


def person_json(person: Person) -> dict:
    organisation = person.organisation
    return {
        "id": person.id,
        "name": person.name,
        "organisation": {"slug": organisation.slug, "name": organisation.name} if organisation else None,
        "roles": person.roles,
    }


def organisation_json(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "status": organisation.status,
        "website": organisation.website,
        "city": organisation.city,
        "signed_charter_version": None,
    }
