"""The fixtures of the record tests: the charter and an amendment ready for its vote; tampering helpers."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text

from app.extensions import db
from app.record import triggers
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.votes.conftest import amendment  # noqa: F401  (fixture)


@contextmanager
def triggers_disabled():
    """What the owner of the database can do (and what `flask verify` is there to catch)."""
    connection = db.session.connection()
    postgresql = connection.dialect.name == "postgresql"
    for table in triggers.APPEND_ONLY:
        if postgresql:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            connection.execute(text(f"DROP TRIGGER {table}_no_update"))
            connection.execute(text(f"DROP TRIGGER {table}_no_delete"))
    yield connection
    if postgresql:
        for table in triggers.APPEND_ONLY:
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    else:
        triggers.install(connection)
    db.session.commit()
