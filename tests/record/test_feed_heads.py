"""The daily head of the chain is published in the collective's activity feed."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db


def test_the_feed_gives_the_head_of_each_finished_day_the_chain_grew(client, people):
    now = utcnow()
    record("test.old", now=now - timedelta(days=3))
    record("test.yesterday", now=now - timedelta(days=1))
    record("test.today", now=now)
    db.session.commit()
    linked = {e.kind: e for e in db.session.scalars(select(AuditEntry))}
    feed = client.get("/feeds/activity.atom").get_data(as_text=True)
    assert linked["test.yesterday"].hash in feed and linked["test.old"].hash in feed
    assert linked["test.today"].hash not in feed  # today is not over: its head may still move
    assert feed.count("Head of the record") == 2 or feed.count("Tête du journal") == 2
