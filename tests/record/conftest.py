"""The fixtures of the record tests: the charter and an amendment ready for its vote; tampering helpers."""
from __future__ import annotations

from contextlib import contextmanager

from app.extensions import db
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.support.append_only import triggers_lifted
from tests.votes.conftest import amendment  # noqa: F401  (fixture)


@contextmanager
def triggers_disabled():
    """What the owner of the database can do (and what `flask verify` is there to catch); committed."""
    with triggers_lifted(db.session.connection()) as connection:
        yield connection
    db.session.commit()
