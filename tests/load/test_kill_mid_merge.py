"""A gunicorn worker killed (SIGKILL) in the middle of a merge leaves the old version, whole.

The app is built with MERGE_PAUSE_FILE (tests/load/faultable_app.py): the first merge sends
its new version and that version's clauses to the database, writes its pid to the file and
sleeps there, uncommitted. The test kills that worker then, and checks that the document is
exactly at the old version (head, versions, clauses, amendment, vote); then, the pause spent,
it closes the vote again and checks that the document is exactly at the new version.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select

from app.amendments import services as amendment_services
from app.amendments.models import Amendment
from app.auth import services as auth_services
from app.db_types import utcnow
from app.documents.models import Document, RenderedClause, Version, VersionClause
from app.documents.services import create_document
from app.extensions import db
from app.members import services as member_services
from app.text.clauses import split_clauses
from app.votes import services as vote_services
from app.votes.models import Vote
from bench.corpus import change_one_clause, document
from tests.load.conftest import call, server_log


def seed() -> tuple[int, str, str]:
    """A document at version 1 and an amendment whose vote, all for, closed a week ago."""
    opened = utcnow() - timedelta(days=15)
    facilitator = auth_services.create_person("facilitator@load.example", "Facilitation", is_facilitator=True)
    old = document(80, 16_000)
    charter = create_document("charte", "Charte", old, author=facilitator, now=opened - timedelta(days=30))
    delegates = [auth_services.create_person(
        f"delegate@org-{n}.example", f"Délégué {n}", is_delegate=True,
        organisation=member_services.create_organisation(f"org-{n}", f"Organisation {n}")) for n in range(3)]
    new = change_one_clause(old, 5)
    amendment = amendment_services.create_amendment(
        charter, author=delegates[0], title="Un article précisé", rationale="r", markdown=new,
        base_number=1, now=opened - timedelta(days=10))
    vote = vote_services.open_vote(amendment, by=facilitator, now=opened)
    for delegate in delegates:
        vote_services.cast_ballot(vote, by=delegate, choice="for", justification="",
                                  now=opened + timedelta(hours=1))
    db.session.commit()
    assert vote.closes_at < utcnow()
    return amendment.id, old, new


def state(amendment_id: int) -> dict:
    """What the database holds now, read afresh (the transaction ended after: no lock kept)."""
    db.session.rollback()
    db.session.expire_all()
    document = db.session.scalar(select(Document).where(Document.slug == "charte"))
    head = db.session.scalar(select(Version).where(Version.document_id == document.id,
                                                  Version.number == document.head_number))
    sources = db.session.scalars(
        select(RenderedClause.source).join(VersionClause, VersionClause.rendered_id == RenderedClause.id)
        .where(VersionClause.version_id == head.id).order_by(VersionClause.position)).all()
    amendment = db.session.get(Amendment, amendment_id)
    vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "amendment", Vote.subject_id == amendment_id))
    seen = {
        "head": document.head_number,
        "versions": db.session.scalar(select(func.count()).select_from(Version)
                                      .where(Version.document_id == document.id)),
        "numbers": db.session.scalars(select(Version.number).where(Version.document_id == document.id)
                                      .order_by(Version.number)).all(),
        "markdown": head.markdown,
        "clauses_whole": ("".join(sources) == head.markdown
                          and len(sources) == len(split_clauses(head.markdown))),
        "amendment": (amendment.status,
                      amendment.merged_version.number if amendment.merged_version else None),
        "vote": vote.status,
    }
    db.session.rollback()
    return seen


def wait_for_pid(path) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists():
            text = path.read_text().strip()
            if text.isdigit():
                return int(text)
        time.sleep(0.05)
    raise AssertionError("no worker reached the pause inside the merge within 60 s")


def test_a_worker_killed_mid_merge_leaves_the_old_version_then_the_merge_completes(app, serve, tmp_path):
    amendment_id, old, new = seed()
    assert state(amendment_id) == {"head": 1, "versions": 1, "numbers": [1], "markdown": old,
                                   "clauses_whole": True, "amendment": ("voting", None), "vote": "open"}
    marker = tmp_path / "merge-pause.pid"
    arbiter: dict = {}
    with serve(workers=2, app_module="tests.load.faultable_app:app",
               env={"PALABRE_TEST_MERGE_PAUSE_FILE": str(marker)},
               on_start=lambda process: arbiter.setdefault("pid", process.pid)) as base:
        closing: dict = {}

        def close() -> None:
            try:
                closing["answer"] = call(base, "POST", f"/api/v1/amendments/{amendment_id}/close-vote")
            except OSError as error:  # the worker died under this request
                closing["error"] = error

        thread = threading.Thread(target=close)
        thread.start()
        worker = wait_for_pid(marker)
        assert worker != arbiter["pid"]
        os.kill(worker, signal.SIGKILL)
        thread.join(timeout=60)
        assert "answer" not in closing or closing["answer"].status != 200, closing
        assert "error" in closing or closing["answer"].status >= 500  # no answer: the worker is gone

        # Killed mid-merge: exactly the old version, nothing of the new one, the vote still to close.
        assert state(amendment_id) == {"head": 1, "versions": 1, "numbers": [1], "markdown": old,
                                       "clauses_whole": True, "amendment": ("voting", None), "vote": "open"}

        # The arbiter replaced the worker; closing again merges, whole.
        answer = call(base, "POST", f"/api/v1/amendments/{amendment_id}/close-vote")
        assert answer.status == 200, answer.body[:500]
        assert answer.json()["merged_version"] == 2
        api = call(base, "GET", "/api/v1/documents/charte").json()
        assert (api["head_version"], api["markdown"]) == (2, new)
    assert state(amendment_id) == {"head": 2, "versions": 2, "numbers": [1, 2], "markdown": new,
                                   "clauses_whole": True, "amendment": ("accepted", 2), "vote": "closed"}
    assert "database is locked" not in server_log(tmp_path)
