"""The daily head of the record's hash chain, published in the collective's feed.

Whoever keeps the feed keeps, for each day, the last link of the chain as it stood at midnight (UTC).
Should the history ever be rewritten, its chain would no longer pass through those hashes: the feed
is the record's witness outside the database (README, "A record anyone can verify").
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.collective import identity
from app.db_types import utcnow
from app.extensions import db
from app.feeds.atom import Entry

DAYS = 14


def head_at(moment: datetime):
    """The last entry recorded before `moment` (its id, seq and hash), or None.

    Found by time through the index on `at` (a feed read stays a few index lookups however long the
    record): the chain's order is that of the commits, so an entry written a moment earlier may sit
    one link later; either is a link of the chain, which is all a witness needs.
    """
    return db.session.execute(select(AuditEntry.id, AuditEntry.seq, AuditEntry.hash)
                              .where(AuditEntry.at < moment, AuditEntry.seq.is_not(None))
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)).first()


def record_head_entries(now: datetime | None = None) -> list[Entry]:
    """One entry per finished day of the last DAYS on which the chain grew: its head at midnight."""
    today = datetime.combine((now or utcnow()).astimezone(timezone.utc).date(), time(), tzinfo=timezone.utc)
    entries, later = [], None
    for back in range(DAYS + 1):
        midnight = today - timedelta(days=back)
        head = head_at(midnight)
        if later is not None and (head is None or head.seq != later[1].seq):
            entries.append(head_entry(*later))
        if head is None:
            break
        later = (midnight, head)
    return entries


def head_entry(midnight: datetime, head) -> Entry:
    day = midnight - timedelta(days=1)
    link = url_for("api.list_audit", after=head.id, _external=True)
    return Entry(
        id=f"{url_for('audit.index', _external=True)}#head-{day:%Y-%m-%d}", link=link, updated=midnight,
        author=identity.site_name(),
        title=_("Head of the record at the end of %(day)s: entry %(n)d", day=format_date(day.date(), "long"),
                n=head.seq),
        summary=_("SHA-256 %(hash)s. Keep it: a record rewritten later would no longer lead to this hash "
                  "(flask verify, the archive's verify_archive.py).", hash=head.hash))
