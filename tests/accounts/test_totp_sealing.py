"""TOTP secrets are sealed with PALABRE_TOTP_KEYS (app/auth/sealing.py): the database alone does not give anyone's
second factor; keys rotate without locking anyone out; secrets stored before are sealed by migration 0027."""
from __future__ import annotations

import logging

import pyotp
import pytest
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.auth import second_factor
from app.db_types import utcnow
from app.extensions import db
from app.portability.restore import person_row
from config import ProductionConfig, TestConfig


def stored(person) -> str | None:
    db.session.flush()
    return db.session.execute(text("SELECT totp_sealed_secret FROM person WHERE id = :id"),
                              {"id": person.id}).scalar()


def now_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(utcnow())


def test_the_database_holds_the_secret_sealed_never_in_clear(app, people):
    person = people["member_a"]
    secret = second_factor.start(person)
    sealed = stored(person)
    assert secret not in sealed and len(secret) == 32
    assert Fernet(app.config["TOTP_KEYS"][0]).decrypt(sealed.encode()).decode() == secret
    assert second_factor.secret_of(person) == secret
    assert second_factor.check_totp(person, now_code(secret), now=utcnow())


def test_a_new_key_in_front_still_opens_the_old_secrets_and_reseal_moves_them(app, people, runner):
    person = people["member_a"]
    secret = second_factor.start(person)
    db.session.commit()
    old_key, new_key = app.config["TOTP_KEYS"][0], Fernet.generate_key().decode()
    app.config["TOTP_KEYS"] = [new_key, old_key]
    assert second_factor.secret_of(person) == secret
    result = runner.invoke(args=["reseal-totp-secrets"])
    assert result.exit_code == 0 and "1 TOTP secret(s) sealed with the first key." in result.output
    db.session.expire_all()
    app.config["TOTP_KEYS"] = [new_key]  # the old key dropped: nobody is locked out
    assert Fernet(new_key).decrypt(stored(person).encode()).decode() == secret
    assert second_factor.check_totp(person, now_code(secret), now=utcnow())


def test_a_secret_no_key_opens_refuses_codes_and_says_why_in_the_log(app, people, runner, caplog):
    person = people["member_a"]
    secret = second_factor.start(person)
    db.session.commit()
    app.config["TOTP_KEYS"] = [Fernet.generate_key().decode()]
    with caplog.at_level(logging.ERROR, logger="app.auth.sealing"):
        assert not second_factor.check_totp(person, now_code(secret), now=utcnow())
    assert "could not be opened with PALABRE_TOTP_KEYS" in caplog.text
    result = runner.invoke(args=["reseal-totp-secrets"])
    assert result.exit_code == 1 and "1 secret(s) could not be opened by any key" in result.output


def test_an_archive_made_before_sealing_comes_back_sealed(app):
    secret = pyotp.random_base32()
    row = person_row({"id": 7, "email": "a@example.org", "totp_secret": secret})
    assert "totp_secret" not in row
    assert Fernet(app.config["TOTP_KEYS"][0]).decrypt(row["totp_sealed_secret"].encode()).decode() == secret
    assert person_row({"id": 8, "totp_secret": None}) == {"id": 8, "totp_sealed_secret": None}


def test_production_refuses_to_start_without_totp_keys(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "a production secret")
    monkeypatch.setattr(ProductionConfig, "TOTP_KEYS", [])
    with pytest.raises(RuntimeError, match="PALABRE_TOTP_KEYS"):
        create_app(ProductionConfig)


def test_migration_0027_seals_the_secrets_stored_in_clear_and_goes_back(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    secret = pyotp.random_base32()
    with app.app_context():
        upgrade(revision="0026_pg_listing_index")
        db.session.execute(text("INSERT INTO person (email, name, password_hash, is_delegate, is_facilitator, "
                                "is_active_account, language, created_at, session_version, totp_secret, "
                                "totp_enabled_at) VALUES ('a@example.org', 'A', 'x', false, false, true, 'fr', "
                                ":now, 1, :secret, :now)"), {"secret": secret, "now": utcnow().replace(tzinfo=None)})
        db.session.commit()
        upgrade()
        sealed = db.session.execute(text("SELECT totp_sealed_secret FROM person")).scalar()
        db.session.rollback()
        assert secret not in sealed
        assert Fernet(app.config["TOTP_KEYS"][0]).decrypt(sealed.encode()).decode() == secret
        downgrade(revision="0026_pg_listing_index")
        assert db.session.execute(text("SELECT totp_secret FROM person")).scalar() == secret
        db.session.rollback()
        upgrade()
        db.session.remove()
        db.engine.dispose()
