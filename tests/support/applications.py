"""What an applicant does between applying and being a candidate with an account: opening the e-mailed link."""
from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.members import confirmation


def confirmation_link(to: str | None = None) -> str:
    """The path of the latest confirmation link queued (to `to`, if given).

    Queued, the stored body has the mark that becomes the base URL when the mail is sent (app/mail/services.py);
    sent, the outbox keeps no link (it worked once) and the link is read where the person got it: the test
    config's in-memory mail box."""
    query = select(OutboxMail).where(OutboxMail.kind == confirmation.CONFIRMATION_MAIL).order_by(OutboxMail.id.desc())
    if to is not None:
        query = query.where(OutboxMail.to_address == to)
    row = db.session.scalars(query).first()
    if row.sent_at is None:
        return re.search(r"\ue000(/applications/\d+/confirm/\S+)", row.text_body).group(1)
    received = [message.body for message in current_app.extensions["mailman"].outbox if row.to_address in message.to]
    return re.search(r"https?://[^/\s]+(/applications/\d+/confirm/\S+)", received[-1]).group(1)


def confirmed(application, now=None):
    """The application once its contact opened the link: their account exists (committed)."""
    confirmation.confirm_contact(application, now=now or application.submitted_at)
    db.session.commit()
    return application
