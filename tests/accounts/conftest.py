"""Accounts (issue 17): a real SMTP server to read the mails, and reading links out of them."""
from __future__ import annotations

import re

from tests.mail.test_smtp import received, smtp  # noqa: F401  (fixture)

RESET_LINK = re.compile(r"(http://localhost/password-reset/[A-Za-z0-9_-]+)")


def reset_links(handler, email: str) -> list[str]:
    """The reset links the SMTP server got for this address, in order."""
    return [RESET_LINK.search(message.get_content()).group(1) for recipients, message in received(handler)
            if recipients == [email] and RESET_LINK.search(message.get_content())]


def served(response):
    """Close the response as a WSGI server does once the body is sent: the deferred work runs then."""
    from app.extensions import db

    db.session.rollback()
    response.make_sequence()
    response.close()
    db.session.rollback()
    return response
