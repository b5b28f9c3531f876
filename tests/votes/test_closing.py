"""Closing at the deadline without a worker: lazily when read, from cron, and exactly once."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from app.db_types import utcnow
from app.documents.models import Version
from app.extensions import db
from app.votes import services
from app.votes.closing import close_due_votes, possibly_due
from app.votes.models import Vote


def open_past_vote(amendment, people):
    opened = utcnow() - timedelta(days=8)
    vote = services.open_vote(amendment, by=people["facilitator"], now=opened)
    for role in ("delegate_a", "delegate_b"):
        services.cast_ballot(vote, by=people[role], choice="for", justification="", now=opened)
    db.session.commit()
    return vote


def test_reading_the_amendment_after_its_deadline_closes_and_merges(client, amendment, people):
    open_past_vote(amendment, people)
    page = client.get(f"/amendments/{amendment.id}")
    assert page.status_code == 200
    assert db.session.scalar(select(Vote.outcome)) == "accepted"
    assert db.session.scalar(select(func.count()).select_from(Version)) == 2


def test_two_requests_at_the_same_moment_merge_exactly_once(app, amendment, people):
    open_past_vote(amendment, people)
    db.session.rollback()
    barrier, results, errors = threading.Barrier(2), [], []

    def close() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results.append(close_due_votes(utcnow()))
            except Exception as error:  # noqa: BLE001  (asserted below)
                errors.append(error)

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [0, 1]  # one closed it; the other found it closed
    assert db.session.scalar(select(func.count()).select_from(Version)) == 2


def test_cron_command_closes_due_votes(runner, amendment, people):
    open_past_vote(amendment, people)
    result = runner.invoke(args=["close-due-votes"])
    assert result.exit_code == 0 and "1 vote(s) closed" in result.output
    assert runner.invoke(args=["close-due-votes"]).output.startswith("0 vote(s)")


def test_set_rules_from_the_cli(runner, charter):
    result = runner.invoke(args=["set-rules", "charte", "--quorum", "0.6", "--threshold", "0.6667",
                                 "--voting-days", "2.5", "--secret-ballots"])
    assert result.exit_code == 0, result.output
    db.session.refresh(charter)
    assert (charter.quorum, charter.threshold, charter.voting_days, charter.secret_ballots) == (0.6, 0.6667, 2.5, True)
    refused = runner.invoke(args=["set-rules", "charte", "--quorum", "2"])
    assert refused.exit_code != 0 and "quorum" in refused.output.lower()
    assert runner.invoke(args=["set-rules", "nope", "--quorum", "0.5"]).exit_code != 0


def test_the_history_shows_the_vote_that_produced_each_version(client, amendment, people):
    open_past_vote(amendment, people)
    client.get(f"/amendments/{amendment.id}")  # closes it
    html = client.get("/documents/charte/history").get_data(as_text=True)
    assert "doc-timeline__vote" in html and f"/amendments/{amendment.id}#vote" in html
    assert "2 of 2" in html or "2 sur 2" in html


def test_a_deadline_passing_while_nothing_is_written_still_closes_the_vote(client, amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    vote.closes_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert close_due_votes(utcnow()) == 0  # the next deadline is read and kept for the generation
    db.session.rollback()
    assert close_due_votes(utcnow() + timedelta(hours=2)) == 1  # nothing written since: it is past all the same
    assert db.session.get(Vote, vote.id).status == "closed"


def test_a_vote_opened_after_the_deadline_was_kept_is_closed_at_its_own(client, amendment, people):
    assert close_due_votes(utcnow()) == 0  # no open vote: no deadline kept
    db.session.rollback()
    services.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    db.session.commit()
    assert client.get(f"/amendments/{amendment.id}").status_code == 200
    assert db.session.scalar(select(Vote.status)) == "closed"


def test_a_deadline_moved_in_this_very_transaction_is_seen(app, amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    vote.closes_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert close_due_votes(utcnow()) == 0
    vote.closes_at = utcnow() - timedelta(minutes=1)  # not committed: the kept deadline knows nothing of it
    assert possibly_due(utcnow())
