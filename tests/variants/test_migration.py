"""0020_ranked goes up, down and up again, and ballot_event keeps its append-only triggers (no batch rebuild)."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig


def ballot_event_triggers() -> set[str]:
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ballot_event'"
    else:
        query = ("SELECT tgname FROM pg_trigger WHERE tgrelid = 'ballot_event'::regclass AND NOT tgisinternal")
    names = set(db.session.execute(text(query)).scalars())
    db.session.rollback()  # no read left open while the migration writes
    return names


def test_the_revision_goes_down_and_up_keeping_the_triggers(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        triggers = ballot_event_triggers()
        assert triggers
        downgrade(revision="0019_congress")
        assert ballot_event_triggers() == triggers
        upgrade()
        assert ballot_event_triggers() == triggers
        columns = db.session.execute(text("SELECT method, result_json FROM vote")).all()
        assert columns == []
        db.session.remove()
        db.engine.dispose()
