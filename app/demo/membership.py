"""The demo's membership: services each organisation offers and its charter signatures."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.comments import services as comments
from app.documents.models import Version
from app.extensions import db
from app.members import charter
from app.members import services as member_services
from app.applications.models import Application
from app.members.models import Organisation, Person, Signature

# One member signed an earlier version and has not yet signed the one in force.
SIGNED_EARLIER = "leman-libre"


def seed_services(data: dict, organisations: dict[str, Organisation]) -> None:
    for entry in data["organisations"]:
        member_services.set_services(organisations[entry["slug"]], entry.get("services", []))


def seed_signatures(organisations: dict[str, Organisation], now: datetime) -> int:
    """Every member signs the charter in force, a few days after it was adopted; one an earlier version."""
    document = charter.charter()
    if document is None:
        return 0
    versions = {v.number: v for v in db.session.scalars(select(Version).where(Version.document_id == document.id))}
    count = 0
    for slug, organisation in organisations.items():
        number = document.head_number - 1 if slug == SIGNED_EARLIER else document.head_number
        if not organisation.is_member or number not in versions or not organisation.delegates:
            continue
        signed_at = min(versions[number].created_at + timedelta(days=3), now)
        db.session.add(Signature(organisation=organisation, version_number=number, signed_at=signed_at,
                                 signed_by=organisation.delegates[0], version_sha256=versions[number].sha256))
        count += 1
    db.session.flush()
    return count


def seed_applications(data: dict, organisations: dict[str, Organisation], now: datetime) -> int:
    """The candidates' applications, submitted on their `applied_on` day by their first person."""
    count = 0
    for entry in data["organisations"]:
        organisation = organisations[entry["slug"]]
        if entry["status"] != "candidate" or not entry.get("applied_on") or not organisation.people:
            continue
        submitted_at = min(datetime.fromisoformat(entry["applied_on"]).replace(tzinfo=timezone.utc), now)
        application = Application.of_account(organisation.people[0], organisation=organisation,
                                  has_read_charter=True, motivation=entry.get("motivation", ""),
                                  submitted_at=submitted_at, contact_confirmed_at=submitted_at,
                                  charter_version=charter.charter_version_in_force())
        db.session.add(application)
        db.session.flush()
        seed_application_comments(application, entry.get("application_comments", []), now)
        count += 1
    db.session.flush()
    return count


def seed_application_comments(application: Application, entries: list[dict], now: datetime,
                              parent=None) -> None:
    """Members discuss the application (and its contact answers), through the comment services."""
    for entry in entries:
        author = db.session.scalar(select(Person).where(Person.email == entry["author"]))
        at = min(application.submitted_at + timedelta(hours=entry["hours_after"]), now)
        comment = comments.comment_on_application(application, author=author, body=entry["body"], now=at,
                                                  parent=parent)
        seed_application_comments(application, entry.get("replies", []), now, parent=comment)
