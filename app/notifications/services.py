"""Telling people about what concerns them (in the app; e-mail builds on this)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.extensions import db
from app.mail import services as mail_services
from app.members.models import Person
from app.notifications.models import Notification
from app.watches import messages as followed


def app_path(endpoint: str, **values) -> str:
    """The path of a page, in a request or not (cron closing a vote has no request)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def notify(people: Iterable[Person], *, kind: str, params: dict, url: str, now: datetime,
           exclude: Person | None = None) -> int:
    """One notification per person (each at most once), except `exclude` (who caused it)."""
    seen: set[int] = set()
    for person in people:
        if person is None or person.id in seen or (exclude is not None and person.id == exclude.id):
            continue
        seen.add(person.id)
        db.session.add(Notification(person_id=person.id, kind=kind, params_json=json.dumps(params), url=url,
                                    created_at=now))
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
    from app.amendments.lifecycle import status_label

    params = json.loads(notification.params_json or "{}")
    messages = {
        "reply": lambda: _("%(name)s replied in a discussion you take part in.", **params),
        "vote_opened": lambda: _("A vote is open on “%(title)s”: your organisation can cast its ballot.", **params),
        "membership_vote_opened": lambda: _("A membership vote is open on the application of %(name)s: your "
                                            "organisation can cast its ballot.", **params),
        "followed": lambda: followed.sentence(params, status_label),
        "amendment_outcome": lambda: _("Your amendment “%(title)s” is now: %(status)s.", title=params["title"],
                                       status=status_label(params["status"])),
        "mail_dropped": lambda: _("An e-mail to %(address)s (“%(subject)s”) could not be sent after %(attempts)d "
                                  "attempts and will not be tried again: %(error)s", **params),
    }
    try:
        return messages[notification.kind]()
    except (KeyError, TypeError):
        return _("Something changed that concerns you.")
