"""Refused attempts: identical ones within a window are one entry of the record, with a count."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEntry, RefusalRepeat
from app.audit.services import record_refusal, refusal_window_start
from app.extensions import db
from tests.conftest import PASSWORD
from tests.support.forms import login

REFUSED = "authorisation.refused"
T0 = datetime(2026, 11, 24, 6, 1, tzinfo=UTC)


def refusals() -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == REFUSED).order_by(AuditEntry.id)))


def count_of(entry: AuditEntry) -> int:
    return db.session.scalar(select(RefusalRepeat.count).where(RefusalRepeat.entry_id == entry.id))


def test_a_thousand_refused_requests_make_a_bounded_number_of_entries(client, login_as):
    member = login_as("member_a")
    for _ in range(1000):
        response = client.get("/admin/")
        assert response.status_code == 403
    entries = refusals()
    # One entry per ten-minute window: the thousand requests may straddle the end of one window, no more.
    assert 1 <= len(entries) <= 2
    assert sum(count_of(entry) for entry in entries) == 1000
    assert all(entry.actor_id == member.id and json.loads(entry.detail_json) == {"method": "GET", "path": "/admin/"}
               for entry in entries)


def test_the_record_page_still_says_who_tried_what_and_how_often(app, client, login_as, people):
    login_as("member_a")
    for _ in range(30):
        assert client.get("/admin/").status_code == 403
    facilitator = app.test_client()
    login(facilitator, people["facilitator"].email, PASSWORD)
    page = facilitator.get("/audit?kind=authorisation.refused").get_data(as_text=True)
    assert page.count('data-kind="authorisation.refused"') == 1
    entry = page[page.index('data-kind="authorisation.refused"'):]
    entry = entry[:entry.index("</li>")]
    assert people["member_a"].name in entry and "/admin/" in entry and "GET" in entry
    assert "tenté 30 fois, la dernière le <time" in entry  # the facilitator reads French, the default


def test_different_attempts_people_and_addresses_each_get_their_entry(app):
    for address in ("203.0.113.5", "203.0.113.5", "198.51.100.7"):
        record_refusal(actor_id=None, organisation_id=None, method="POST", path="/api/v1/votes", address=address,
                       now=T0)
    record_refusal(actor_id=None, organisation_id=None, method="GET", path="/api/v1/votes", address="203.0.113.5",
                   now=T0)
    entries = refusals()
    assert [(json.loads(e.detail_json)["from_address"], json.loads(e.detail_json)["method"], count_of(e))
            for e in entries] == [("203.0.113.5", "POST", 2), ("198.51.100.7", "POST", 1), ("203.0.113.5", "GET", 1)]


def test_the_next_window_opens_a_new_entry_and_the_first_is_never_changed(app):
    def refuse(at):
        db.session.rollback()  # the test's own read transaction would hold SQLite's lock
        record_refusal(actor_id=None, organisation_id=None, method="GET", path="/admin/", address="203.0.113.5",
                       window_minutes=10, now=at)

    refuse(T0)
    first = refusals()[0]
    written = (first.at, first.detail_json, first.actor_id)
    refuse(T0 + timedelta(minutes=5))
    refuse(T0 + timedelta(minutes=8, seconds=59))
    refuse(T0 + timedelta(minutes=9))  # 06:10: a new window
    first, second = refusals()
    assert (first.at, first.detail_json, first.actor_id) == written
    assert (count_of(first), count_of(second)) == (3, 1)
    assert second.at == T0 + timedelta(minutes=9)
    repeat = db.session.scalar(select(RefusalRepeat).where(RefusalRepeat.entry_id == first.id))
    assert repeat.last_at == T0 + timedelta(minutes=8, seconds=59)


def test_windows_start_on_the_hour():
    assert refusal_window_start(T0, 10) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert refusal_window_start(T0 + timedelta(minutes=29), 10) == datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    assert refusal_window_start(T0, 60) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def test_a_refusal_counted_into_an_entry_adds_no_row(app):
    for _ in range(5):
        record_refusal(actor_id=None, organisation_id=None, method="GET", path="/x", address="192.0.2.1", now=T0)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    assert db.session.scalar(select(func.count()).select_from(RefusalRepeat)) == 1
