"""Seed the demo collective from content/demo.json and the Markdown files beside it."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from flask import g
from sqlalchemy import delete, func, select

from app.auth import services as auth_services
from app.collective import services as collective_services
from app.demo.history import seed_history
from app.demo.membership import seed_applications, seed_services, seed_signatures
from app.extensions import db
from app.mail.models import OutboxMail
from app.members import services as member_services
from app.members.models import Organisation, Person

CONTENT = Path(__file__).resolve().parent / "content"
DEMO_PASSWORD = "palabre-demo"


def load_demo() -> dict:
    """The demo data set."""
    return json.loads((CONTENT / "demo.json").read_text(encoding="utf-8"))


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Person))


def seed_identity(collective: dict, now: datetime) -> None:
    """The demo collective's name, description, languages, contact address and logo, as a set-up would."""
    collective_services.set_identity(
        name=collective["name"], short_name=collective.get("short_name", ""),
        description=collective.get("description", ""),
        languages=collective.get("languages", ["fr"]), contact_email=collective.get("contact_email", ""),
        logo=(CONTENT / collective["logo"]).read_bytes() if collective.get("logo") else None,
        by=None, now=now, first=True)


def seed_organisations(data: dict) -> dict[str, Organisation]:
    organisations = {}
    for entry in data["organisations"]:
        organisations[entry["slug"]] = member_services.create_organisation(
            entry["slug"], entry["name"], status=entry["status"], website=entry.get("website"),
            city=entry.get("city"), description=entry.get("description", ""),
            joined_on=date.fromisoformat(entry["joined_on"]) if entry.get("joined_on") else None,
        )
    return organisations


def seed_people(data: dict, organisations: dict[str, Organisation]) -> dict[str, Person]:
    people = {}
    for entry in data["people"]:
        people[entry["email"]] = auth_services.create_person(
            entry["email"], entry["name"], password=DEMO_PASSWORD,
            organisation=organisations.get(entry.get("organisation") or ""),
            is_delegate=entry.get("delegate", False), is_facilitator=entry.get("facilitator", False),
            language=entry.get("language", "fr"),
        )
    return people


def seed(*, now: datetime, log: Callable[[str], None] = print) -> None:
    """Create the demo organisations, people, then each capability's part of the demo, in order."""
    data = load_demo()
    mail_before = db.session.scalar(select(func.max(OutboxMail.id))) or 0
    seed_identity(data["collective"], now)
    organisations = seed_organisations(data)
    people = seed_people(data, organisations)
    log(f"{len(organisations)} organisations, {len(people)} people (password: {DEMO_PASSWORD}).")
    context = {"organisations": organisations, "people": people}
    seed_history(data, context, now)
    log(f"{len(context['documents'])} documents, their amendments, votes and comments.")
    seed_services(data, organisations)
    log(f"{seed_signatures(organisations, now)} charter signatures, "
        f"{seed_applications(data, organisations, now)} application(s).")
    forget_the_mail_of_the_past(mail_before)


def forget_the_mail_of_the_past(after_id: int) -> None:
    """The demo's history happened "before": nobody is mailed about it (the first cron run sent 8 such mails).
    Its notifications stay, to be seen in the app."""
    db.session.execute(delete(OutboxMail).where(OutboxMail.id > after_id))
    g.pop("outbox_ids", None)


def demo_accounts() -> list[tuple[str, str]]:
    """(e-mail, description) of each demo account, for the start-up banner."""
    rows = []
    for entry in load_demo()["people"]:
        roles = [r for r, on in (("facilitator", entry.get("facilitator")), ("delegate", entry.get("delegate"))) if on]
        rows.append((entry["email"], f"{entry['name']} — {entry.get('organisation') or '-'} {' '.join(roles)}".strip()))
    return rows
