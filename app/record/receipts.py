"""Ballot receipts: issued where a ballot is cast, shown once and mailed to the delegate, listed publicly.

The receipt is a random code, unrelated to the organisation and the choice: the public list of
a vote's counted receipts (even for secret ballots) lets each organisation find its own and so
check its ballot was counted, without the list saying who voted nor how. Changing a ballot gives
a new receipt; only the latest one of each organisation is counted.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from app.extensions import db
from app.mail.models import OutboxMail
from app.mail.services import mail_link, one_line
from app.members.models import Person
from app.urls import app_path
from app.record.models import BallotReceipt
from app.votes.models import BallotEvent, Vote
from app.votes.subjects import about


def new_code() -> str:
    """128 random bits, in groups of four hexadecimal digits (easy to read out, to compare)."""
    raw = secrets.token_hex(16)
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def issue_receipt(event: BallotEvent, *, by: Person, now: datetime) -> BallotReceipt:
    """The receipt of one cast (the event must be flushed); mailed to the delegate who cast it."""
    receipt = BallotReceipt(vote_id=event.vote_id, ballot_event_id=event.id, receipt=new_code(), created_at=now)
    db.session.add(receipt)
    db.session.flush()
    queue_receipt_mail(by, receipt, now=now)
    return receipt


def latest_receipt(vote: Vote, organisation_id: int) -> str | None:
    """The receipt of an organisation's counted ballot: for the page shown right after casting, once."""
    latest = select(func.max(BallotEvent.id)).where(BallotEvent.vote_id == vote.id,
                                                    BallotEvent.organisation_id == organisation_id)
    return db.session.scalar(select(BallotReceipt.receipt).where(BallotReceipt.ballot_event_id == latest.scalar_subquery()))


def counted_receipts(vote_id: int) -> Select:
    """The receipts of the latest ballot event of each organisation, in the order of the codes (not of casting)."""
    latest = select(func.max(BallotEvent.id)).where(BallotEvent.vote_id == vote_id).group_by(BallotEvent.organisation_id)
    return (select(BallotReceipt).where(BallotReceipt.vote_id == vote_id, BallotReceipt.ballot_event_id.in_(latest))
            .order_by(BallotReceipt.receipt))


def subject_of(vote: Vote) -> str:
    found = about(vote)
    return found.title if found is not None else _("vote %(n)d", n=vote.id)


def queue_receipt_mail(person: Person, receipt: BallotReceipt, *, now: datetime) -> OutboxMail | None:
    """Always sent, never held for a digest: it is the delegate's only other copy of the receipt."""
    if not person.email:
        return None
    vote = db.session.get(Vote, receipt.vote_id)
    url = mail_link(app_path("record.receipts", vote_id=vote.id))
    with force_locale(person.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = one_line(_("Receipt of your organisation's ballot: %(title)s", title=subject_of(vote)))
        body = _("Your organisation's ballot on “%(title)s” is recorded. Its receipt is:\n\n    %(receipt)s\n\n"
                 "Keep it: once the vote is counted, the public list of receipts shows it if your ballot was "
                 "counted, without saying who cast it nor how. It is not shown again on the site. If your "
                 "organisation changes its ballot, the new one gets a new receipt.",
                 title=subject_of(vote), receipt=receipt.receipt) + f"\n\n{url}\n"
    row = OutboxMail(to_address=person.email, subject=subject, text_body=body, kind="ballot_receipt",
                     person_id=person.id, created_at=now)
    db.session.add(row)
    db.session.flush()
    # Not sent at the close of the request like other mail: a ballot would then cost two write
    # transactions, and 200 delegates voting at once wait too long for SQLite's lock. The next
    # `flask send-pending-mail` (cron, every few minutes) sends it; the page has shown it already.
    return row


def receipt_notice(vote: Vote, organisation_id: int) -> str:
    """The sentence shown once, right after casting, with the receipt."""
    return _("Receipt of this ballot: %(receipt)s — keep it (it is also sent to you by e-mail, and not shown "
             "again here): the vote's public list of receipts shows it while your ballot counts.",
             receipt=latest_receipt(vote, organisation_id) or "—")
