"""Two delegates of one organisation voting at the same moment leave exactly one ballot."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.db_types import utcnow
from app.extensions import db
from app.members.models import Person
from app.votes import services
from app.votes.models import Ballot, BallotEvent, Vote


def test_twenty_parallel_casts_leave_one_ballot_with_the_last_choice(app, amendment, people):
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    vote_id, delegates = vote.id, [people["delegate_a"].id, people["delegate_a2"].id]
    db.session.rollback()  # hold no lock while the threads run
    barrier, errors = threading.Barrier(20), []

    def cast(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                person = db.session.get(Person, delegates[index % 2])
                services.cast_ballot(db.session.get(Vote, vote_id), by=person,
                                     choice=("for", "against", "abstain")[index % 3], justification=str(index),
                                     now=utcnow())
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (collected and asserted below)
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
    last = db.session.scalar(select(BallotEvent).order_by(BallotEvent.id.desc()).limit(1))
    ballot = db.session.scalar(select(Ballot))
    assert db.session.scalar(select(func.count()).select_from(BallotEvent)) == 20
    assert (ballot.choice, ballot.justification) == (last.choice, last.justification)
