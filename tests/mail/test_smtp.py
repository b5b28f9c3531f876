"""Mail through a real SMTP server (aiosmtpd, started by the tests on 127.0.0.1): what reaches it.

Validators found (issue 23.5, 23.6) what the in-memory backend cannot show: the envelope, the headers
a mail client reads, and addresses the SMTP backend rewrites into something nobody receives.
"""
from __future__ import annotations

import email
import re
from email.policy import default as default_policy
from urllib.parse import urlsplit

import port_for
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.auth import reset
from app.auth import services as auth_services
from app.db_types import utcnow
from app.errors import Invalid
from app.extensions import db
from app.mail import services as mail_services
from app.mail.models import OutboxMail
from app.notifications.models import Notification
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


class Refuse(Collect):
    """A server that knows nobody."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user here"


def test_the_demo_leaves_no_old_mail_for_the_first_cron_run(app, smtp):
    """Issue 23.6: the demo's history is in the past: its notifications stay in the app, nobody is mailed."""
    from app.demo.seed import seed

    seed(now=utcnow(), log=lambda _message: None)
    db.session.commit()
    assert db.session.query(Notification).count() > 0
    assert mail_services.pending() == []
    assert mail_services.send_pending() == (0, 0) and smtp.envelopes == []


def test_links_are_made_when_the_mail_is_sent_on_the_base_url_of_that_moment(app, smtp, people):
    app.config["PALABRE_BASE_URL"] = "http://wrong.example:5000"
    mail_services.queue_for(people["member_a"], kind="reply", params={"name": "Bob"}, url="/amendments/3#c",
                            now=utcnow())
    db.session.commit()
    app.config["PALABRE_BASE_URL"] = "https://palabre.example"
    assert mail_services.send_pending() == (1, 0)
    [(_recipients, message)] = received(smtp)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "https://palabre.example/amendments/3#c" in body and "https://palabre.example/account" in body
    assert "wrong.example" not in body and mail_services.LINK_MARK not in body


def test_mail_says_it_is_automatic_how_to_stop_it_and_has_the_sender_s_domain_in_its_id(app, smtp, people):
    app.config.update(PALABRE_BASE_URL="https://palabre.example", MAIL_DEFAULT_SENDER="Palabre <palabre@chls.example>")
    mail_services.queue_for(people["member_a"], kind="reply", params={"name": "Bob"}, url="/amendments/3",
                            now=utcnow())
    queue("new@ruche.example")  # an invitation: no account, nothing to unsubscribe from
    db.session.commit()
    mail_services.send_pending()
    [(_to_person, to_person), (_to_guest, to_guest)] = received(smtp)
    for message in (to_person, to_guest):
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Message-ID"].endswith("@chls.example>")
    stop, account = (part.strip() for part in to_person["List-Unsubscribe"].split(","))
    assert stop.startswith("<https://palabre.example/mail/stop/") and account == "<https://palabre.example/account#mail>"
    assert to_person["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    assert to_guest["List-Unsubscribe"] is None


def test_mails_about_one_amendment_thread_together_and_come_as_text_and_html(app, smtp, people):
    app.config.update(PALABRE_BASE_URL="https://palabre.example", MAIL_DEFAULT_SENDER="Palabre <palabre@chls.example>")
    for name in ("<b>Bob</b>", "Alice"):
        mail_services.queue_for(people["member_a"], kind="reply", params={"name": name},
                                url="/amendments/3#comment-9", now=utcnow())
    mail_services.queue_for(people["member_a"], kind="reply", params={"name": "Eve"}, url="/amendments/4",
                            now=utcnow())
    db.session.commit()
    mail_services.send_pending()
    first, second, other = (message for _to, message in received(smtp))
    assert first["References"] == second["References"] == first["In-Reply-To"] == "<palabre.amendments.3@chls.example>"
    assert other["References"] == "<palabre.amendments.4@chls.example>"
    assert first.get_content_type() == "multipart/alternative"
    html = first.get_body(preferencelist=("html",)).get_content()
    text = first.get_body(preferencelist=("plain",)).get_content()
    assert "&lt;b&gt;Bob&lt;/b&gt;" in html and "<b>Bob</b>" not in html  # user text escaped in the HTML part
    assert 'href="https://palabre.example/amendments/3#comment-9"' in html and "/mail/stop/" in html
    assert "<b>Bob</b>" in text and "https://palabre.example/mail/stop/" in text


def test_a_mail_given_up_after_the_last_attempt_is_said_to_the_facilitators(app, client, people, login_as):
    handler = Refuse()
    controller = Controller(handler, hostname="127.0.0.1", port=port_for.select_random())
    controller.start()
    try:
        state = app.extensions["mailman"]
        state.backend, state.server, state.port = "smtp", "127.0.0.1", controller.port
        row = queue("nobody@example.org")
        row.attempts = mail_services.MAX_ATTEMPTS - 2
        db.session.commit()
        assert mail_services.send_pending() == (0, 1)
        assert db.session.query(Notification).filter_by(kind="mail_dropped").count() == 0  # one try left
        assert mail_services.send_pending() == (0, 1)
        assert mail_services.send_pending() == (0, 0)  # given up
    finally:
        controller.stop()
    told = db.session.query(Notification).filter_by(kind="mail_dropped").all()
    assert [n.person_id for n in told] == [people["facilitator"].id]
    login_as("facilitator")
    page = client.get("/notifications", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "nobody@example.org" in page and "ne sera plus réessayé" in page and "550" in page


def test_a_one_time_link_reaches_the_person_and_is_not_kept_in_the_outbox_once_sent(app, smtp, people):
    """Whoever reads the database (or a backup) after the mail left finds no working reset link in it."""
    assert reset.send_link(people["member_a"].email, now=utcnow())
    news = OutboxMail(to_address="someone@example.org", subject="Bonjour", text_body="Un mot.", kind="account_notice",
                      created_at=utcnow())  # a kind without a link: kept as written
    db.session.add(news)
    db.session.commit()
    assert mail_services.send_pending() == (2, 0)
    bodies = [message.get_body(("plain",)).get_content() for _recipients, message in received(smtp)]
    links = [found.group(0) for body in bodies if (found := re.search(r"https?://\S+/password-reset/\S+", body))]
    assert len(links) == 1
    db.session.expire_all()
    sent = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == reset.RESET_MAIL))
    assert sent.sent_at is not None and "password-reset" not in sent.text_body and sent.html_body is None
    assert sent.text_body == mail_services.FORGOTTEN_BODY and news.text_body == "Un mot."
    assert client_uses(app, links[0]) == 200  # the link itself still works, once


def client_uses(app, link: str) -> int:
    return app.test_client().get(urlsplit(link).path).status_code
