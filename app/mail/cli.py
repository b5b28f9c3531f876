"""flask send-pending-mail: for cron. Reminders of votes closing soon, daily digests, then every pending mail."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.db_types import utcnow
from app.extensions import db
from app.mail import services
from app.votes.reminders import queue_vote_reminders


def queue_and_send(*, force_digests: bool = False) -> tuple[int, int, int, int]:
    """(reminders queued, digests queued, sent, failed)."""
    now = utcnow()
    reminders = queue_vote_reminders(now)
    digests = services.queue_digests(now, force=force_digests)
    db.session.commit()
    sent, failed = services.send_pending()
    return reminders, digests, sent, failed


@click.command("send-pending-mail")
@click.option("--force-digests", is_flag=True, help="Send the digests now, even if one went out today.")
@with_appcontext
def send_pending_mail(force_digests: bool) -> None:
    """Send what is pending (retrying failures), reminders of votes closing within 24 h and the daily digests."""
    reminders, digests, sent, failed = queue_and_send(force_digests=force_digests)
    click.echo(f"{reminders} reminder(s) and {digests} digest(s) queued; {sent} e-mail(s) sent, {failed} failed "
               "(left pending).")


commands = [send_pending_mail]
