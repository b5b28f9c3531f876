"""What an applicant does between applying and being a candidate with an account: opening the e-mailed link."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.members import confirmation


def confirmation_link(to: str | None = None) -> str:
    """The path of the latest confirmation link queued (to `to`, if given)."""
    query = select(OutboxMail.text_body).where(OutboxMail.kind == "confirmation").order_by(OutboxMail.id.desc())
    if to is not None:
        query = query.where(OutboxMail.to_address == to)
    body = db.session.scalars(query).first()
    # The stored body has the mark that becomes the base URL when the mail is sent (app/mail/services.py).
    return re.search(r"\ue000(/applications/\d+/confirm/\S+)", body).group(1)


def confirmed(application, now=None):
    """The application once its contact opened the link: their account exists (committed)."""
    confirmation.confirm_contact(application, now=now or application.submitted_at)
    db.session.commit()
    return application
