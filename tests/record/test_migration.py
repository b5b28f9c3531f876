"""0013_record_chain hashes what an instance already holds, links its record, then installs the triggers."""
from __future__ import annotations

import json

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app import create_app
from app.extensions import db
from app.record.hashing import GENESIS, text_sha256, version_chain
from config import TestConfig

AT = "2026-11-20 10:00:00.123456"


def old_rows() -> None:
    """A document with two versions and two entries of the record, as revision 0011 stored them."""
    db.session.execute(text(
        "INSERT INTO document (id, slug, title, head_number, created_at, quorum, threshold, discussion_days, "
        "voting_days, secret_ballots) VALUES (1, 'charte', 'Charte', 2, :at, 0.5, 0.5, 7, 7, false)"), {"at": AT})
    for number, markdown in ((1, "# Charte\n\nUn.\n"), (2, "# Charte\n\nUn, deux.\n")):
        db.session.execute(text(
            "INSERT INTO version (id, document_id, number, markdown, summary, created_at, clauses_added, "
            "clauses_changed, clauses_removed) VALUES (:n, 1, :n, :md, '', :at, 0, 0, 0)"),
            {"n": number, "md": markdown, "at": AT})
    for n in (1, 2):
        db.session.execute(text(
            "INSERT INTO audit_entry (id, at, kind, object_type, public, detail_json) "
            "VALUES (:n, :at, 'version.created', 'version', true, :detail)"),
            {"n": n, "at": AT, "detail": json.dumps({"number": n, "note": "é"}, ensure_ascii=False)})
    db.session.commit()


def test_existing_versions_and_entries_are_hashed_and_then_protected(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade(revision="0011_refusal_repeat")
        old_rows()
        upgrade(revision="0013_record_chain")
        rows = db.session.execute(text("SELECT markdown, sha256, chain FROM version ORDER BY number")).all()
        first = version_chain(GENESIS, text_sha256(rows[0].markdown), None, None)
        assert (rows[0].sha256, rows[0].chain) == (text_sha256(rows[0].markdown), first)
        assert rows[1].chain == version_chain(first, text_sha256(rows[1].markdown), None, None)
        db.session.commit()
        upgrade()  # the later revisions, which the models of `flask verify` read (votes' method, 0020_ranked)
        result = app.test_cli_runner().invoke(args=["verify"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["audit"]["checked"] == 2
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("UPDATE version SET markdown = 'x'"))
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_the_revision_goes_down_and_up_again_keeping_the_texts(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade(revision="0011_refusal_repeat")
        old_rows()
        upgrade(revision="0013_record_chain")
        downgrade(revision="0011_refusal_repeat")
        db.session.execute(text("UPDATE version SET summary = 'sans déclencheurs' WHERE number = 1"))  # no trigger left
        db.session.commit()
        upgrade(revision="0013_record_chain")
        assert db.session.execute(text("SELECT count(*) FROM version WHERE sha256 IS NOT NULL")).scalar() == 2
        db.session.remove()
        db.engine.dispose()
