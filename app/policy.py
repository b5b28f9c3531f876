"""Who may do what. Views, templates and the API all ask here; one test matrix covers it.

Every function takes the person (or None / an anonymous user for a visitor) and the object,
and answers True or False. Anything not granted here is denied.
"""
from __future__ import annotations

from typing import Any

from flask import current_app


def _person(user: Any):
    """The logged-in, active person, or None for a visitor or a deactivated account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return user


def is_facilitator(user: Any) -> bool:
    person = _person(user)
    return bool(person and person.is_facilitator)


def is_member(user: Any) -> bool:
    """A person of a member organisation (facilitators count: they run the collective)."""
    person = _person(user)
    return bool(person and (person.is_member or person.is_facilitator))


def is_delegate_of(user: Any, organisation: Any) -> bool:
    person = _person(user)
    return bool(
        person
        and organisation is not None
        and person.is_delegate
        and person.organisation_id == organisation.id
        and organisation.is_member
    )


def can_read(user: Any) -> bool:
    """Public instances are readable by anyone; private ones by logged-in people."""
    return bool(current_app.config["PALABRE_PUBLIC"] or _person(user))


def can_administer(user: Any) -> bool:
    """Manage organisations, people, documents and rules."""
    return is_facilitator(user)


def can_invite(user: Any, organisation: Any) -> bool:
    """Facilitators invite into any organisation; delegates into their own."""
    return is_facilitator(user) or is_delegate_of(user, organisation)


def can_invite_delegate(user: Any) -> bool:
    """Only a facilitator makes someone a delegate directly through an invitation."""
    return is_facilitator(user)


def can_edit_organisation(user: Any, organisation: Any) -> bool:
    """Delegates edit their own organisation's entry; facilitators any."""
    return is_facilitator(user) or is_delegate_of(user, organisation)


def can_create_document(user: Any) -> bool:
    """Only facilitators start a new document; after version 1 texts change by amendment."""
    return is_facilitator(user)
