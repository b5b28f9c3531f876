"""Revision 0014_security carries what exists: tokens issued before it keep working (and now expire)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.auth import services as auth_services
from app.db_types import utcnow
from app.extensions import db
from config import TestConfig

BEFORE = "0011_refusal_repeat"


def test_tokens_issued_before_the_revision_keep_working_and_get_an_expiry(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        created = datetime(2026, 1, 5, 12, 0)
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO person (id, email, name, is_delegate, is_facilitator, is_active_account, language, "
                "created_at, session_version) VALUES (1, 'old@a.example', 'Old', false, false, true, 'fr', :at, 1)"),
                {"at": created})
            connection.execute(text("INSERT INTO api_token (id, token_hash, person_id, created_at) "
                                    "VALUES (1, :hash, 1, :at)"), {"hash": auth_services.hash_secret("s3cret"),
                                                                   "at": created})
        upgrade()
        token = auth_services.find_token("s3cret")
        assert token.expires_at > utcnow() + timedelta(days=80)
        assert auth_services.person_for_token("s3cret", now=utcnow()).email == "old@a.example"
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM api_token")).scalar() == 1
        db.engine.dispose()
