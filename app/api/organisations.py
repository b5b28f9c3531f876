"""GET /api/v1/organisations; POST /api/v1/applications and GET /api/v1/applications/<id>."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import policy
from app.api import bp
from app.api.helpers import current_caller, json_body, paginate, string_field
from app.api.serialisers import organisation_json
from app.db_types import utcnow
from app.errors import Invalid, NotFound
from app.extensions import db, limiter
from app.applications import services as applications
from app.applications.models import Application
from app.applications.voting import application_vote
from app.api.vote_json import vote_json
from app.votes.services import current_tally
from app.members.models import Organisation
from app.members.services import MAX_SERVICES, check_service

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@bp.route("/organisations")
def list_organisations():
    query = select(Organisation).options(selectinload(Organisation.signatures)).order_by(Organisation.name, Organisation.id)
    return paginate(query, organisation_json)


APPLICATION_FIELDS = {"name", "website", "city", "description", "services", "motivation", "contact",
                      "has_read_charter"}


def application_json(application) -> dict:
    """An application, with its latest membership vote (`vote`: {"id", …} or null), as API.md says."""
    vote = application_vote(application)
    return {"id": application.id, "status": application.status, "submitted_at": application.submitted_at.isoformat(),
            "decided_at": application.decided_at.isoformat() if application.decided_at else None,
            "charter_version": application.charter_version, "organisation": organisation_json(application.organisation),
            "vote": vote_json(vote, current_tally(vote), current_caller()) if vote is not None else None}


def services_field(data: dict) -> list[dict]:
    entries = data.get("services") or []
    if not isinstance(entries, list) or len(entries) > MAX_SERVICES or not all(isinstance(e, dict) for e in entries):
        raise Invalid(_("“services” must be a list of at most %(n)d objects.", n=MAX_SERVICES), code="invalid_type")
    return [service_field(entry, number) for number, entry in enumerate(entries, start=1)]


def service_field(entry: dict, number: int) -> dict:
    name = string_field(entry, "name", max_length=100)
    description = string_field(entry, "description", max_length=1000, required=False) or ""
    return check_service(name, description, string_field(entry, "url", max_length=500, required=False), number=number)


def contact_field(data: dict) -> dict:
    contact = data.get("contact")
    if not isinstance(contact, dict) or set(contact) - {"name", "email", "password"}:
        raise Invalid(_("“contact” must be an object with name, email and password."), code="invalid_type")
    email = string_field(contact, "email", max_length=254)
    if not EMAIL.match(email):
        raise Invalid(_("“%(field)s” is not an e-mail address.", field="email"), code="invalid_value")
    password = string_field(contact, "password", max_length=500)
    if len(password) < 8:
        raise Invalid(_("The password needs at least 8 characters."), code="invalid_value")
    return {"contact_name": string_field(contact, "name", max_length=200), "contact_email": email,
            "password": password}


@bp.route("/applications", methods=["POST"])
@limiter.limit(lambda: current_app.config.get("APPLICATION_LIMIT", "5 per hour"))
def submit_application():
    """A candidate organisation applies (no token). The contact's account is made when they open the link e-mailed
    to them; the answer is the same whether or not the address is registered (its owner is told by mail)."""
    data = json_body(APPLICATION_FIELDS, {"name", "description", "contact", "has_read_charter"})
    website = string_field(data, "website", max_length=500, required=False)
    if website and not website.startswith(("https://", "http://")):
        raise Invalid(_("The website must start with https:// or http://."), code="invalid_value")
    application = applications.submit_application(
        name=string_field(data, "name", max_length=200), website=website,
        city=string_field(data, "city", max_length=200, required=False),
        description=string_field(data, "description", max_length=5000), services=services_field(data),
        motivation=string_field(data, "motivation", max_length=5000, required=False) or "",
        has_read_charter=data["has_read_charter"] is True, now=utcnow(), **contact_field(data))
    return application_json(application), 201


@bp.route("/applications/<int:application_id>")
def show_application(application_id: int):
    application = db.session.get(Application, application_id)
    if application is None or not policy.can_read(current_caller()):
        raise NotFound(_("There is no application number %(n)d.", n=application_id), code="application_not_found")
    return application_json(application)
