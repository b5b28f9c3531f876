"""Many readers arriving at once after a vote's deadline close it exactly once, over HTTP.

The vote closes lazily, on the first read after its deadline; under gunicorn (4 workers ×
4 threads) 48 readers of the amendment's page and API, and of the ballots, race for it.
Afterwards: one new version, the vote closed once with the true tally, every answer a 200,
no "database is locked" in any answer or in the server's log.
"""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.amendments.models import Amendment, AmendmentEvent
from app.documents.models import Version
from app.extensions import db
from app.votes.models import Vote
from tests.load.conftest import call, server_log
from tests.load.test_kill_mid_merge import seed

READERS = 48


def test_readers_racing_past_the_deadline_close_the_vote_once(app, serve, tmp_path):
    amendment_id, _old, new = seed()
    paths = [f"/amendments/{amendment_id}", f"/api/v1/amendments/{amendment_id}",
             f"/api/v1/amendments/{amendment_id}/ballots"]
    answers = []
    start = threading.Barrier(READERS, timeout=60)

    def read(number: int) -> None:
        start.wait()
        answers.append(call(base, "GET", paths[number % len(paths)]))

    with serve(workers=4, threads=4) as base:
        threads = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        document = call(base, "GET", "/api/v1/documents/charte").json()

    assert len(answers) == READERS
    assert [(a.path, a.status, a.body[:200]) for a in answers if a.status != 200] == []
    assert not any(b"database is locked" in a.body for a in answers)
    log = server_log(tmp_path)
    assert "database is locked" not in log and "Traceback" not in log, log[-3000:]
    assert (document["head_version"], document["markdown"]) == (2, new)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Version)) == 2
    vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "amendment", Vote.subject_id == amendment_id))
    assert (vote.status, vote.outcome, vote.count_for) == ("closed", "accepted", 3)
    assert db.session.get(Amendment, amendment_id).status == "accepted"
    accepted_events = db.session.scalar(select(func.count()).select_from(AmendmentEvent).where(
        AmendmentEvent.amendment_id == amendment_id, AmendmentEvent.to_status == "accepted"))
    assert accepted_events == 1
