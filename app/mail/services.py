"""Queueing e-mails in the outbox, and sending them once the request that caused them has committed.

Nothing here sends inside a request: services only add OutboxMail rows; the rows a request queued
are sent when its response is closed (after the commit), in their own app context and transaction;
any failure is logged and leaves the row pending for `flask send-pending-mail`.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Iterable
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_app_context, has_request_context, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import select

from app.auth.services import has_ascii_local_part
from app.collective import identity
from app.db_types import utcnow
from app.extensions import db, mail
from app.mail.models import MailPreference, OutboxMail
from app.mail.notices import MAIL_DROPPED
from app.mail.unsubscribe import token_for
from app.members.models import Organisation, Person
from app.notifications import kinds
from app.notifications.kinds import Kind
from app.notifications.models import Notification
from app.urls import app_path

log = logging.getLogger(__name__)

FOOTER_MARK = "\n\n-- \n"
MAX_ATTEMPTS = 20
UNDELIVERABLE = "Not sent: the address has non-ASCII letters before the @, which this server cannot deliver to."
FORGOTTEN_BODY = "(Sent. This e-mail held a link that works once; it is not kept once sent.)"
INVITATION = "invitation"
DIGEST_EVERY = timedelta(hours=23)  # a daily cron a few minutes early must not skip a day


# Preferences ---------------------------------------------------------------------------------------

def preference_of(person: Person) -> MailPreference:
    """The person's choices; the defaults (every kind, one mail each) when they never chose."""
    found = db.session.get(MailPreference, person.id)
    return found if found is not None else MailPreference(person_id=person.id, disabled_kinds="", digest=False)


def turn_off(person: Person, choice: str) -> MailPreference:
    """Stop one kind of e-mail (the one-click link), keeping every other choice as it was."""
    preference = preference_of(person)
    return set_preferences(person, enabled=[name for name in (c.name for c in kinds.choices())
                                            if name != choice and name not in preference.disabled],
                           digest=preference.digest)


def set_preferences(person: Person, *, enabled: Iterable[str], digest: bool) -> MailPreference:
    found = db.session.get(MailPreference, person.id)
    if found is None:
        found = MailPreference(person_id=person.id)
        db.session.add(found)
    found.disabled_kinds = " ".join(choice.name for choice in kinds.choices() if choice.name not in set(enabled))
    found.digest = bool(digest)
    db.session.flush()
    return found


# Writing -------------------------------------------------------------------------------------------

def base_url() -> str:
    """Where this instance answers: PALABRE_BASE_URL, else this request's host, else SERVER_NAME."""
    configured = current_app.config.get("PALABRE_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    server = current_app.config.get("SERVER_NAME")
    scheme = current_app.config.get("PREFERRED_URL_SCHEME", "http")
    return f"{scheme}://{server}" if server else "http://localhost:5000"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else base_url() + url


# Stands for base_url() in a queued body: links are made absolute when the mail is sent, so that a
# mail queued before the base URL was set (or right) does not carry a wrong address for ever.
LINK_MARK = "\ue000"


def mail_link(url: str) -> str:
    """A link of a mail body: `url` if already absolute, else the mark then the path."""
    return url if url.startswith(("http://", "https://")) else LINK_MARK + url


def with_links(text: str | None, base: str) -> str | None:
    return text.replace(LINK_MARK, base) if text else text


def external_url(endpoint: str, **values) -> str:
    """A page's absolute address on base_url(): the same in e-mails, feeds and printed links, whatever the Host."""
    return absolute(app_path(endpoint, **values))


def one_line(text: str, limit: int = 250) -> str:
    """A header value: user text without line breaks (no header injection), bounded."""
    return " ".join(str(text).replace(LINK_MARK, "").split())[:limit]


def footer(stop_link: str | None = None) -> str:
    text = _("You receive this e-mail from %(site)s. Choose which e-mails you get on your account page:",
             site=identity.site_name()) + "\n" + mail_link(app_path("auth.account"))
    if stop_link:
        text += "\n" + _("Or stop this kind of e-mail in one click:") + "\n" + mail_link(stop_link)
    return text


def stop_link(person: Person, kind: Kind) -> str | None:
    """The path of the signed link that stops this kind of e-mail for this person (None: not a choice)."""
    return app_path("mail.stop", token=token_for(person.id, kind.choice.name)) if kind.choice else None


def thread_of(url: str) -> str:
    """What a notice is about, from its link ("amendments/12"): its mails thread together in a mail client."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    return "/".join(parts[:2])[:64]


def html_of(kind: Kind, params: dict, url: str, stop: str | None) -> str:
    """The HTML part: the same words as the text, escaped by the template, the links as links."""
    return render_template("mail/notice.html", sentence=kind.sentence(params).replace(LINK_MARK, ""),
                           why=kind.why(params) if kind.why else None, link=mail_link(url),
                           account=mail_link(app_path("auth.account")) + "#mail",
                           stop=mail_link(stop) if stop else None, site=identity.site_name(),
                           language=str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))


def compose(kind: Kind, params: dict, url: str) -> tuple[str, str]:
    """Subject and plain-text body, in the current locale. Plain text only: user text needs no escaping."""
    sentence = kind.sentence(params)
    if kind.why is not None:
        sentence += "\n\n" + kind.why(params)
    return one_line(kind.subject(params)), f"{sentence.replace(LINK_MARK, '')}\n\n{mail_link(url)}"


# The kinds of mail whose body carries a one-time link (a password reset, an invitation, an application's
# confirmation): once sent, the outbox keeps the fact, not the link, so that nobody who reads the database or
# its backups can use it. Each maker registers its kind (`holds_a_link`).
ONE_TIME_LINKS: set[str] = set()


def holds_a_link(kind: str) -> str:
    """Register `kind` as a mail whose body is forgotten once it is sent; returns the kind."""
    ONE_TIME_LINKS.add(kind)
    return kind


def forget_link(row: OutboxMail) -> None:
    """A sent mail of a registered kind keeps a sentence in place of its body."""
    if row.kind in ONE_TIME_LINKS:
        row.text_body = FORGOTTEN_BODY
        row.html_body = None


holds_a_link(INVITATION)


def remember(row: OutboxMail) -> None:
    """This request sends the row once its response is closed (after the commit)."""
    if has_app_context():
        g.setdefault("outbox_ids", []).append(row.id)


def queue_for(person: Person, *, kind: Kind | str, params: dict, url: str, now: datetime,
              ref: str = "") -> OutboxMail | None:
    """Queue one e-mail to `person` if they want this kind; held for the digest if they chose it."""
    kind = kinds.of(kind)
    if person is None or not person.is_active_account or not person.email or not kind.mailed:
        return None
    preference = preference_of(person)
    if kind.choice is not None and kind.choice.name in preference.disabled:
        return None
    stop = stop_link(person, kind)
    with force_locale(person.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = compose(kind, params, url)
        body += FOOTER_MARK + footer(stop)
        html = html_of(kind, params, url, stop)
    row = OutboxMail(to_address=person.email, subject=subject, text_body=body, html_body=html, kind=kind.name,
                     ref=ref or thread_of(url), person_id=person.id, digest=preference.digest, created_at=now)
    db.session.add(row)
    db.session.flush()
    if not row.digest:
        remember(row)
    return row


def queue_invitation(email: str, *, organisation: Organisation, link: str, days: int, language: str,
                     now: datetime) -> OutboxMail:
    """The invitation link, by e-mail to someone who has no account yet."""
    site = identity.site_name()
    with force_locale(language):
        subject = one_line(_("Invitation to join %(organisation)s on %(site)s", organisation=organisation.name,
                             site=site))
        body = _("You are invited to join %(organisation)s on %(site)s, where the collective writes its texts "
                 "together. Choose your name and password at this address (it works once, for %(days)d days):",
                 organisation=organisation.name, site=site, days=days).replace(LINK_MARK, "") + f"\n\n{mail_link(link)}\n"
    row = OutboxMail(to_address=email, subject=subject, text_body=body, kind=INVITATION, created_at=now)
    db.session.add(row)
    db.session.flush()
    remember(row)
    return row


# Digests (from cron) -----------------------------------------------------------------

def queue_digests(now: datetime, *, force: bool = False) -> int:
    """One e-mail gathering each person's held mails, at most once a day (unless forced)."""
    queued = 0
    person_ids = db.session.scalars(select(OutboxMail.person_id).where(
        OutboxMail.digest.is_(True), OutboxMail.sent_at.is_(None)).distinct())
    for person_id in list(person_ids):
        person = db.session.get(Person, person_id)
        last = db.session.scalar(select(OutboxMail.created_at).where(
            OutboxMail.person_id == person_id, OutboxMail.kind == "digest").order_by(OutboxMail.created_at.desc()))
        if not force and last is not None and now - last < DIGEST_EVERY:
            continue
        held = list(db.session.scalars(select(OutboxMail).where(
            OutboxMail.person_id == person_id, OutboxMail.digest.is_(True), OutboxMail.sent_at.is_(None))
            .order_by(OutboxMail.created_at, OutboxMail.id)))
        with force_locale(person.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = one_line(_("%(site)s: your digest of the day", site=identity.site_name()))
            parts = [f"* {row.subject}\n{row.text_body.split(FOOTER_MARK)[0]}" for row in held]
            body = "\n\n".join(parts) + FOOTER_MARK + footer()
        db.session.add(OutboxMail(to_address=person.email, subject=subject, text_body=body, kind="digest",
                                  person_id=person.id, created_at=now))
        for row in held:
            row.sent_at = now  # delivered through the digest
        queued += 1
    db.session.flush()
    return queued


# Sending -------------------------------------------------------------------------------------------

def pending(ids: list[int] | None = None) -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.sent_at.is_(None), OutboxMail.digest.is_(False),
                                     OutboxMail.attempts < MAX_ATTEMPTS)
    if ids is not None:
        query = query.where(OutboxMail.id.in_(ids))
    return list(db.session.scalars(query.order_by(OutboxMail.id)))


def sender_domain(base: str) -> str:
    """The domain of MAIL_DEFAULT_SENDER (else of the base URL), for Message-ID: not the machine's name."""
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return sender.rpartition("@")[2] or urlsplit(base).hostname or "localhost"


def headers_for(row: OutboxMail, base: str) -> dict[str, str]:
    """Say that a program sent it (no auto-reply back, RFC 3834), to a person where to stop it (RFC 2369; in
    one click, RFC 8058, for a kind they can turn off), and what it is about, so that the mails about one
    amendment thread together (RFC 5322 References)."""
    domain = sender_domain(base)
    headers = {"Message-ID": make_msgid(domain=domain), "Auto-Submitted": "auto-generated"}
    if row.person_id is not None:
        account = f"<{base}{app_path('auth.account')}#mail>"
        kind = kinds.KINDS.get(row.kind)
        if kind is not None and kind.choice is not None:
            stop = f"{base}{app_path('mail.stop', token=token_for(row.person_id, kind.choice.name))}"
            headers["List-Unsubscribe"] = f"<{stop}>, {account}"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        else:
            headers["List-Unsubscribe"] = account
    if row.ref:
        thread = "<palabre." + "".join(ch if ch.isalnum() else "." for ch in row.ref) + f"@{domain}>"
        headers["References"] = headers["In-Reply-To"] = thread
    return headers


def send_one(row: OutboxMail, connection, base: str) -> None:
    if not has_ascii_local_part(row.to_address):
        # The SMTP backend would write the address as an RFC 2047 word, which reaches nobody.
        row.attempts = MAX_ATTEMPTS
        raise ValueError(UNDELIVERABLE)
    message = EmailMultiAlternatives(row.subject, with_links(row.text_body, base),
                                     current_app.config["MAIL_DEFAULT_SENDER"], [row.to_address],
                                     connection=connection, headers=headers_for(row, base))
    if row.html_body:
        message.attach_alternative(with_links(row.html_body, base), "text/html")
    message.send()


def tell_facilitators_of_a_dropped_mail(row: OutboxMail, now: datetime) -> None:
    """A mail that will not be tried again is said, in the app (mail is what fails), to every facilitator."""
    params = {"address": row.to_address, "subject": row.subject, "attempts": row.attempts,
              "error": (row.last_error or "")[:300]}
    facilitators = db.session.scalars(select(Person).where(Person.is_facilitator.is_(True),
                                                           Person.is_active_account.is_(True)))
    for person in facilitators:
        db.session.add(Notification(person_id=person.id, kind=MAIL_DROPPED.name, params_json=json.dumps(params),
                                    url=app_path("admin.index"), created_at=now))


def close_quietly(connection) -> None:
    """The SMTP backend leaves its connection open when a send raises (a refused recipient): close it."""
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - the server went away meanwhile: nothing left to close
        log.warning("Could not close the connection to the mail server", exc_info=True)


def send_pending(ids: list[int] | None = None, *, base: str | None = None) -> tuple[int, int]:
    """Send the pending rows (or those of `ids`) and commit; (sent, failed). Never raises for a bad send.
    Links are made absolute now, on `base` (base_url() by default)."""
    sent = failed = 0
    rows = pending(ids)
    if not rows:
        return 0, 0
    base = (base or base_url()).rstrip("/")
    connection = mail.get_connection()
    try:
        for row in rows:
            row.attempts += 1
            try:
                send_one(row, connection, base)
            except Exception as error:  # noqa: BLE001 - logged; the row stays pending for the retry
                log.exception("Could not send e-mail %s (%s) to %s", row.id, row.kind, row.to_address)
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
                failed += 1
                if row.attempts >= MAX_ATTEMPTS:
                    tell_facilitators_of_a_dropped_mail(row, utcnow())
            else:
                row.sent_at, row.last_error = utcnow(), None
                forget_link(row)
                sent += 1
    finally:
        close_quietly(connection)
    db.session.commit()
    return sent, failed


def send_after_response(app: Flask, ids: list[int], base: str) -> None:
    """Runs when the response is closed: its own app context, session and transaction."""
    try:
        with app.app_context():
            try:
                send_pending(ids, base=base)
            except Exception:  # noqa: BLE001 - never let mail break anything; cron retries
                db.session.rollback()
                log.exception("Could not send the e-mails of a request; they stay pending")
            finally:
                db.session.remove()
    except Exception:  # noqa: BLE001
        log.exception("Could not send the e-mails of a request; they stay pending")


def init_app(app: Flask) -> None:
    mail.init_app(app)

    @app.after_request
    def send_queued_mail(response):
        ids = g.pop("outbox_ids", None)
        if ids and response.status_code < 400:
            application, base = current_app._get_current_object(), base_url()  # while the request is there
            response.call_on_close(lambda: send_after_response(application, ids, base))
        return response
