"""Telling people about what concerns them (in the app; e-mail builds on this).

What each kind says is defined once, by the package that sends it (`notifications/kinds.py`)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select, update

from app.extensions import db
from app.mail import services as mail_services
from app.members.models import Person
from app.notifications import kinds
from app.notifications.models import Notification


def notify(people: Iterable[Person], *, kind: kinds.Kind | str, params: dict, url: str, now: datetime,
           exclude: Person | None = None) -> int:
    """One notification per person (each at most once), except `exclude` (who caused it); by e-mail too
    when the kind is mailed and the person wants it."""
    kind = kinds.of(kind)
    seen: set[int] = set()
    for person in people:
        if person is None or person.id in seen or (exclude is not None and person.id == exclude.id):
            continue
        seen.add(person.id)
        db.session.add(Notification(person_id=person.id, kind=kind.name, params_json=json.dumps(params), url=url,
                                    created_at=now))
        if kind.mailed:
            mail_services.queue_for(person, kind=kind, params=params, url=url, now=now)
    db.session.flush()
    return len(seen)


def unread_count(person: Person) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.person_id == person.id, Notification.read_at.is_(None)))


def recent(person: Person, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_all_read(person: Person, *, now: datetime) -> None:
    db.session.execute(update(Notification).where(Notification.person_id == person.id,
                                                  Notification.read_at.is_(None)).values(read_at=now))


def message_of(notification: Notification) -> str:
    """The notification's sentence in the reader's language."""
    return kinds.sentence_of(notification.kind, json.loads(notification.params_json or "{}"))
