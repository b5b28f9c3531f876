"""Two amendments accepted at the same moment never overwrite each other."""
from __future__ import annotations

import threading

from sqlalchemy import select

from app.amendments import lifecycle, merging, services
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents.models import Document, Version
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended


def accept_in_parallel(app, amendment_ids: list[int]) -> list[Exception]:
    barrier, errors = threading.Barrier(len(amendment_ids)), []

    def accept(amendment_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                merging.accept_amendment(db.session.get(Amendment, amendment_id), by=None, now=utcnow())
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (collected and asserted by the caller)
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=accept, args=(i,)) for i in amendment_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def proposals(charter, people, edits):
    made = []
    for person, (old, new) in zip((people["member_a"], people["delegate_b"]), edits):
        amendment = services.create_amendment(charter, author=person, title=new, rationale="r",
                                              markdown=amended(CHARTER, old, new), base_number=1, now=utcnow())
        lifecycle.move(amendment, "voting", by=None, now=utcnow())
        made.append(amendment.id)
    db.session.commit()
    db.session.rollback()  # hold no lock while the threads run
    return made


def test_two_merges_on_different_clauses_both_land(app, charter, people):
    ids = proposals(charter, people, [("revendre", "vendre"), ("une voix", "une seule voix")])
    assert accept_in_parallel(app, ids) == []
    versions = db.session.scalars(select(Version).order_by(Version.number)).all()
    assert [v.number for v in versions] == [1, 2, 3]
    assert db.session.scalar(select(Document.head_number)) == 3
    head = versions[-1].markdown
    assert "Ne jamais vendre" in head and "une seule voix" in head
    assert {a.status for a in db.session.scalars(select(Amendment))} == {"accepted"}


def test_two_merges_on_the_same_clause_one_lands_one_needs_update(app, charter, people):
    ids = proposals(charter, people, [("revendre", "vendre"), ("revendre les données", "revendre les fichiers")])
    assert accept_in_parallel(app, ids) == []
    assert db.session.scalar(select(Document.head_number)) == 2
    statuses = sorted(a.status for a in db.session.scalars(select(Amendment)))
    assert statuses == ["accepted", "needs_update"]
    merged = db.session.scalar(select(Amendment).where(Amendment.status == "accepted"))
    assert db.session.scalar(select(Version).where(Version.number == 2)).markdown == merged.markdown
