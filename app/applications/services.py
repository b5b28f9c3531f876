"""Applying to join, the membership rules, and settling an application once its membership vote has closed."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth import services as auth_services
from app.audit.services import record as audit
from app.errors import Invalid
from app.extensions import db
from app.members import charter
from app.members import services as member_services
from app.applications import lifecycle
from app.applications.models import Application, MembershipRules
from app.members.confirmation import send_confirmation
from app.members.models import Organisation
from app.watches.notify import tell_application_outcome as tell_followers_of_outcome
from app.oneline import one_line


def membership_rules(*, for_update: bool = False) -> MembershipRules:
    """The collective's single row of membership rules, or the defaults while none is saved.

    Reading never writes (a GET must not change the database): the defaults stay a transient object
    until `for_update` asks for the row that a change of rules is about to be saved in.
    """
    rules = db.session.get(MembershipRules, 1)
    if rules is None:
        rules = MembershipRules(id=1, quorum=0.5, threshold=0.5, discussion_days=7.0, voting_days=7.0,
                                secret_ballots=False)
        if for_update:
            db.session.add(rules)
            db.session.flush()
    return rules


def free_slug(name: str) -> str:
    """A short name made from the organisation's name, numbered if already taken."""
    return member_services.free_slug(name, member_services.find_organisation, "organisation")


def submit_application(*, name: str, website: str | None, city: str | None, description: str, services: list[dict],
                       motivation: str, contact_name: str, contact_email: str, password: str,
                       has_read_charter: bool, now: datetime) -> Application:
    """A candidate organisation and its application; the contact's account waits for their address's confirmation.

    Whether the address is already registered changes nothing here but the e-mail it receives
    (app/members/confirmation.py): the answer, the page and the API's object are the same (issue 22.15).
    """
    if not has_read_charter:
        raise Invalid(_("Please confirm that your organisation has read the charter."), code="charter_not_read")
    contact = checked_contact(contact_name, contact_email, password)
    organisation = member_services.create_organisation(
        free_slug(name), name, status="candidate", website=website, city=city, description=description)
    member_services.set_services(organisation, services)
    application = Application(organisation=organisation, motivation=(motivation or "").strip(), has_read_charter=True,
                              charter_version=charter.charter_version_in_force(), submitted_at=now, **contact)
    db.session.add(application)
    db.session.flush()
    audit("membership.applied", application, organisation_id=organisation.id, now=now, organisation=organisation.name,
          contact=application.contact_name)
    send_confirmation(application, now=now)
    return application


def checked_contact(name: str, email: str, password: str) -> dict:
    """The contact's columns of an application, refused with a sentence as an account would be."""
    email = auth_services.normalise_email(email)
    auth_services.check_email(email)
    name = one_line(name)
    if not name:
        raise Invalid(_("A name is required."))
    auth_services.check_password_strength(password)
    # The page's language (a command or a test has none: asking would fix the locale of the whole app context).
    language = str(get_locale()) if has_request_context() else current_app.config["BABEL_DEFAULT_LOCALE"]
    return {"contact_name": name, "contact_email": email, "contact_language": language,
            "contact_password_hash": auth_services.hash_password(password)}


def settle_application(application: Application, outcome: str, *, now: datetime) -> None:
    """Accepted: a member since today, its contact a delegate. Otherwise it stays a candidate, refused.
    Its followers (its contact, who commented, who chose to) hear which."""
    audit("membership.changed", application, organisation_id=application.organisation_id, now=now, outcome=outcome)
    if outcome != "accepted":
        lifecycle.move(application, "rejected", now=now)
        tell_followers_of_outcome(application, now=now)
        return
    lifecycle.move(application, "accepted", now=now)
    organisation = application.organisation
    organisation.status = "member"
    organisation.joined_on = now.date()
    application.contact.is_delegate = True
    db.session.flush()
    tell_followers_of_outcome(application, now=now)


def applications(statuses: tuple[str, ...] = ("pending", "voting")) -> list[Application]:
    return list(db.session.scalars(
        select(Application).join(Organisation).where(Application.status.in_(statuses))
        .order_by(Application.submitted_at.desc())
    ))
