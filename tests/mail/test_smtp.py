"""Mail through a real SMTP server (aiosmtpd, started by the tests on 127.0.0.1): what reaches it.

Validators found (issue 23.5, 23.6) what the in-memory backend cannot show: the envelope, the headers
a mail client reads, and addresses the SMTP backend rewrites into something nobody receives.
"""
from __future__ import annotations

import email
from email.policy import default as default_policy

import port_for
import pytest
from aiosmtpd.controller import Controller

from app.auth import services as auth_services
from app.db_types import utcnow
from app.errors import Invalid
from app.extensions import db
from app.mail import services as mail_services
from app.mail.models import OutboxMail
from tests.support.forms import post_form

ZOE = "zoé.test@example.org"


class Collect:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free port of 127.0.0.1, and the app sending to it."""
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port_for.select_random())
    controller.start()
    state = app.extensions["mailman"]
    state.backend, state.server, state.port = "smtp", "127.0.0.1", controller.port
    try:
        yield handler
    finally:
        controller.stop()


def received(handler) -> list[tuple[list[str], email.message.EmailMessage]]:
    """(envelope recipients, parsed message) of everything the server got."""
    return [(envelope.rcpt_tos, email.message_from_bytes(envelope.original_content, policy=default_policy))
            for envelope in handler.envelopes]


def queue(address: str) -> OutboxMail:
    row = OutboxMail(to_address=address, subject="Bonjour", text_body="Un mot.", kind="invitation", created_at=utcnow())
    db.session.add(row)
    db.session.commit()
    return row


def test_a_non_ascii_address_is_not_sent_as_an_encoded_word_nor_marked_sent(app, smtp):
    """An address kept from before (an archive, an older version) is refused at sending, with a reason."""
    undeliverable, plain = queue(ZOE), queue("zoe.test@example.org")
    assert mail_services.send_pending() == (1, 1)
    assert [recipients for recipients, _message in received(smtp)] == [["zoe.test@example.org"]]
    db.session.expire_all()
    assert undeliverable.sent_at is None and "before the @" in undeliverable.last_error
    assert undeliverable.attempts == mail_services.MAX_ATTEMPTS  # not tried again by every cron run
    assert plain.sent_at is not None


def test_a_non_ascii_address_is_refused_with_a_sentence_wherever_it_is_typed(app, people, make_organisation):
    for attempt in (lambda: auth_services.create_person(ZOE, "Zoé"),
                    lambda: auth_services.create_invitation(ZOE, people["org_a"], by=None, now=utcnow(), days=3)):
        with pytest.raises(Invalid) as refused:
            attempt()
        assert ZOE in refused.value.message and "@" in refused.value.message
    assert auth_services.create_person("zoe@exämple.org", "Zoé").email == "zoe@exämple.org"  # IDNA domain: fine


def test_the_administration_form_gives_the_address_back_with_the_reason(client, login_as):
    login_as("facilitator")
    page = post_form(client, "/admin/people/new", {"email": ZOE, "name": "Zoé", "organisation": "0"},
                     token_from="/admin/people/new", headers={"Accept-Language": "fr"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "avant le @" in html and f'value="{ZOE}"' in html
