"""Two writers starting from the same head: exactly one new version, never two with one number."""
from __future__ import annotations

import threading

from sqlalchemy import select

from app.documents import services
from app.documents.models import Version
from app.documents.queries import get_document
from app.errors import Conflict
from app.extensions import db
from tests.documents.conftest import T0
from tests.documents.helpers import charter


def test_two_writers_from_the_same_head_never_both_win(app, make_document):
    make_document("charte", charter())
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(articles: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                document = get_document("charte")
                services.create_version(document, charter(articles), author=None, now=T0,
                                        summary=str(articles), expected_head=1)
                db.session.commit()
                outcomes.append("created")
            except Conflict as error:
                db.session.rollback()
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in (4, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["created", "stale_head"]
    numbers = db.session.scalars(select(Version.number).order_by(Version.number)).all()
    assert numbers == [1, 2] and get_document("charte").head_number == 2
