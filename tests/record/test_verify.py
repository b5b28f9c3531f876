"""flask verify and GET /api/v1/verify recompute everything and say exactly what is broken."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import text

from app.audit.services import record
from app.db_types import utcnow
from app.documents import services as documents
from app.extensions import db
from app.members import charter as charters
from app.record.hashing import GENESIS, text_sha256, version_chain
from app.votes import services as votes
from tests.record.conftest import triggers_disabled


def history(charter, people) -> None:
    for n in (2, 3):
        documents.create_version(charter, charter.versions[0].markdown + f"\nAjout {n}.\n", author=None,
                                 now=utcnow(), summary=f"v{n}")
    record("test.entry", by=people["facilitator"])
    db.session.commit()


def test_a_fresh_record_verifies(runner, client, charter, people):
    history(charter, people)
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["versions"]["checked"] == 3 and report["audit"]["checked"] >= 1
    assert client.get("/api/v1/verify").get_json()["ok"] is True


def test_a_version_changed_in_the_database_is_reported_with_its_number(runner, client, charter, people):
    history(charter, people)
    with triggers_disabled() as connection:
        connection.execute(text("UPDATE version SET markdown = markdown || ' (falsifié)' WHERE number = 2"))
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["ok"]
    assert [(b["document"], b["number"], b["problem"]) for b in report["versions"]["broken"]] == [
        ("charte", 2, "text_changed")]
    assert "charte version 2" in result.stderr
    api = client.get("/api/v1/verify").get_json()
    assert api["ok"] is False and api["versions"]["broken"][0]["number"] == 2


def test_a_version_removed_breaks_the_chain_of_the_next(runner, charter, people):
    history(charter, people)
    with triggers_disabled() as connection:
        connection.execute(text("DELETE FROM version_clause WHERE version_id IN (SELECT id FROM version WHERE number = 2)"))
        connection.execute(text("DELETE FROM version WHERE number = 2"))
    report = json.loads(runner.invoke(args=["verify"]).stdout)
    problems = {(b["number"], b["problem"]) for b in report["versions"]["broken"]}
    assert (2, "missing") in problems and (3, "chain_broken") in problems


def test_an_entry_changed_or_removed_is_reported(runner, people):
    for n in range(4):
        record("test.entry", by=people["facilitator"], n=n)
    db.session.commit()
    ids = [row[0] for row in db.session.execute(text("SELECT id FROM audit_entry ORDER BY seq"))]
    with triggers_disabled() as connection:
        connection.execute(text("UPDATE audit_entry SET detail_json = '{\"n\": 9}' WHERE id = :id"), {"id": ids[-3]})
        connection.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": ids[-2]})
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    broken = {(b["id"], b["problem"]) for b in json.loads(result.stdout)["audit"]["broken"]}
    assert (ids[-3], "entry_changed") in broken
    assert (ids[-1], "chain_broken") in broken and (ids[-1], "missing") in broken
    # In the instance's language (French by default).
    assert f"entrée {ids[-3]} du journal" in result.stderr or f"record entry {ids[-3]}" in result.stderr


def test_a_ballot_changed_behind_its_events_is_reported(runner, amendment, people):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=10))
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow() - timedelta(days=9))
    votes.cast_ballot(vote, by=people["delegate_b"], choice="against", justification="", now=utcnow() - timedelta(days=9))
    db.session.commit()
    assert runner.invoke(args=["verify"]).exit_code == 0
    db.session.execute(text("UPDATE ballot SET choice = 'against' WHERE organisation_id = :o"),
                       {"o": people["org_a"].id})  # the ballot table is not append-only: its events are
    db.session.commit()
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["ballots"]["broken"] == [
        {"vote": vote.id, "organisation": "org-a", "problem": "ballot_changed"}]


def test_a_signed_version_rewritten_with_all_its_hashes_is_caught_by_the_signature(runner, charter, people):
    charters.sign_charter(people["org_a"], by=people["delegate_a"], version_number=1, now=utcnow())
    db.session.commit()
    forged = "# Charte\n\nUn autre texte.\n"
    digest = text_sha256(forged)
    with triggers_disabled() as connection:  # the forger recomputes the version's hash and chain too
        connection.execute(text("UPDATE version SET markdown = :md, sha256 = :sha, chain = :chain WHERE number = 1"),
                           {"md": forged, "sha": digest, "chain": version_chain(GENESIS, digest, None, None)})
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 1
    broken = json.loads(result.stdout)["versions"]["broken"]
    assert [(b["number"], b["organisation"], b["problem"]) for b in broken] == [(1, "org-a", "signature_mismatch")]
