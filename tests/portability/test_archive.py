"""flask export and flask import: the collective moves to an empty instance on the other engine, intact."""
from __future__ import annotations

import json
import zipfile
from contextlib import contextmanager

import pytest
from pytest_postgresql.janitor import DatabaseJanitor

from app import create_app
from app.applications import services as applications
from app.db_types import utcnow
from app.demo.seed import seed
from app.extensions import db
from app.members import services as member_services
from config import TestConfig
from tests.support.databases import new_database_name, postgresql_available, require_or_skip

API_READS = ["/api/v1/documents", "/api/v1/documents/charte", "/api/v1/documents/charte/versions",
             "/api/v1/organisations?per_page=100", "/api/v1/amendments?per_page=100"]


@contextmanager
def other_engine(request, tmp_path, source_url: str):
    """A fresh database on the engine the source is not on."""
    if source_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'target.sqlite'}"
        return
    require_or_skip(postgresql_available(), "PostgreSQL")
    proc = request.getfixturevalue("postgresql_proc")
    name = new_database_name()
    with DatabaseJanitor(user=proc.user, host=proc.host, port=proc.port, dbname=name, password=proc.password):
        yield f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}"


@contextmanager
def imported_on_the_other_engine(request, tmp_path, source_url: str, archive):
    """A fresh app on the other engine with `archive` imported (checked); its engine closed afterwards."""
    with other_engine(request, tmp_path, source_url) as target_url:
        target = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=target_url)
        with target.app_context():
            db.create_all()
        result = target.test_cli_runner().invoke(args=["import", str(archive)])
        assert result.exit_code == 0, result.output
        try:
            yield target
        finally:
            with target.app_context():
                db.session.remove()
                db.engine.dispose()


def contents(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def api_reads(application, amendment_ids) -> dict[str, bytes]:
    client = application.test_client()
    urls = API_READS + [f"/api/v1/documents/charte/versions/{n}" for n in (1, 2, 3, 4)]
    for amendment_id in amendment_ids:
        urls += [f"/api/v1/amendments/{amendment_id}", f"/api/v1/amendments/{amendment_id}/comments",
                 f"/api/v1/amendments/{amendment_id}/ballots"]
    urls += [f"/api/v1/documents/charte/versions/{n}/comments" for n in (1, 2, 3)]
    urls += ["/api/v1/applications/1", "/api/v1/applications/1/comments"]  # the demo's candidate, discussed
    return {url: client.get(url).get_json() for url in urls}


@pytest.fixture
def demo_app(database_url):
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with application.app_context():
        db.create_all()
        seed(now=utcnow(), log=lambda _message: None)
        db.session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


def test_export_import_export_gives_identical_files(request, tmp_path, database_url, demo_app):
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    result = demo_app.test_cli_runner().invoke(args=["export", str(first)])
    assert result.exit_code == 0, result.output
    with imported_on_the_other_engine(request, tmp_path, database_url, first) as target:
        assert target.test_cli_runner().invoke(args=["export", str(second)]).exit_code == 0
        exported, again = contents(first), contents(second)
        assert sorted(exported) == sorted(again)
        for name in exported:
            assert exported[name] == again[name], name
        assert first.read_bytes() == second.read_bytes()
        ids = [row["id"] for row in json.loads(exported["amendments.json"])]
        assert len([c for c in json.loads(exported["comments.json"]) if c["application_id"]]) == 3
        assert [a["organisation_id"] for a in json.loads(exported["applications.json"])]
        assert api_reads(target, ids) == api_reads(demo_app, ids)
        # The search index is rebuilt by the import (its rows went in bulk, past the session hook).
        def found(app):  # the other engine ranks ties its own way: what is found, not in which order
            items = app.test_client().get("/api/v1/search?q=donnees&per_page=100").get_json()["items"]
            return sorted((item["kind"], item["url"]) for item in items)
        assert found(target) == found(demo_app) != []
        with target.app_context():
            # On PostgreSQL the id sequences were moved past the imported ids: new rows still fit.
            member_services.create_organisation("new-org", "New organisation", status="candidate")
            db.session.commit()
    assert b"password_hash" not in exported["people.json"]
    # The record travels too, as it was: the import replays versions without writing new entries.
    record = json.loads(exported["audit_log.json"])
    assert {"version.created", "amendment.created", "ballot.cast"} <= {row["kind"] for row in record}


def test_import_refuses_a_non_empty_instance(tmp_path, demo_app):
    runner = demo_app.test_cli_runner()
    assert runner.invoke(args=["export", str(tmp_path / "a.zip")]).exit_code == 0
    result = runner.invoke(args=["import", str(tmp_path / "a.zip")])
    assert result.exit_code != 0 and "empty" in result.output


def test_password_hashes_only_when_asked(tmp_path, demo_app):
    runner = demo_app.test_cli_runner()
    assert runner.invoke(args=["export", str(tmp_path / "a.zip"), "--with-password-hashes"]).exit_code == 0
    assert b"pbkdf2" in contents(tmp_path / "a.zip")["people.json"]


def test_import_refuses_what_is_not_an_export(tmp_path, runner):
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    result = runner.invoke(args=["import", str(tmp_path / "bad.zip")])
    assert result.exit_code != 0 and "not a Palabre export" in result.output


def test_mail_preferences_make_the_round_trip_and_no_secret_goes_with_them(request, tmp_path, database_url,
                                                                          demo_app):
    """Who turned which mail off, and who wants a digest, travel; password hashes and tokens do not."""
    from sqlalchemy import select

    from app.auth import services as auth_services
    from app.mail.services import preference_of, set_preferences
    from app.members.models import Person

    with demo_app.app_context():
        people = {p.email: p for p in db.session.scalars(select(Person))}
        set_preferences(people["mathilde@la-clede.example"], enabled=["reply"], digest=True)
        set_preferences(people["yanis@campus-libre-lyon.example"], enabled=["vote_opened", "vote_closing"],
                        digest=False)
        secret = auth_services.issue_token(people["mathilde@la-clede.example"])
        hashes = [p.password_hash for p in people.values() if p.password_hash]
        db.session.commit()
    archive = tmp_path / "prefs.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    exported = contents(archive)
    rows = json.loads(exported["mail_preferences.json"])
    assert len(rows) == 2 and all(set(row) == {"person_id", "disabled_kinds", "digest"} for row in rows)
    everything = b"".join(exported.values())
    assert secret.encode() not in everything and auth_services.hash_secret(secret).encode() not in everything
    assert hashes and not any(h.encode() in everything for h in hashes)
    with imported_on_the_other_engine(request, tmp_path, database_url, archive) as target:
        with target.app_context():
            mathilde = db.session.scalar(select(Person).filter_by(email="mathilde@la-clede.example"))
            yanis = db.session.scalar(select(Person).filter_by(email="yanis@campus-libre-lyon.example"))
            bastien = db.session.scalar(select(Person).filter_by(email="bastien@la-clede.example"))
            assert (preference_of(mathilde).disabled, preference_of(mathilde).digest) == (
                {"vote_opened", "vote_closing", "amendment_outcome", "followed"}, True)
            assert (preference_of(yanis).disabled, preference_of(yanis).digest) == (
                {"reply", "amendment_outcome", "followed"}, False)
            assert (preference_of(bastien).disabled, preference_of(bastien).digest) == (set(), False)


def test_an_archive_made_before_mail_preferences_still_imports(request, tmp_path, database_url, demo_app):
    """Archives written before mail_preferences.json existed import, everyone on the default choices."""
    from sqlalchemy import select

    from app.mail.services import preference_of
    from app.members.models import Person

    archive = tmp_path / "new.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(older, "w") as target:
        for name, data in contents(archive).items():
            if name not in ("mail_preferences.json", "audit_refusal_repeats.json"):
                target.writestr(name, data)
    with imported_on_the_other_engine(request, tmp_path, database_url, older) as target:
        with target.app_context():
            for person in db.session.scalars(select(Person)):
                assert (preference_of(person).disabled, preference_of(person).digest) == (set(), False)


def test_an_unconfirmed_contact_travels_without_their_password_hash(tmp_path, demo_app):
    """22.15: an application waiting for its contact's confirmation holds a password hash: a credential."""
    with demo_app.test_request_context():
        applications.submit_application(
            name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
            contact_email="awa@coin.example", password="un mot de passe", has_read_charter=True, now=utcnow())
        db.session.commit()
    runner = demo_app.test_cli_runner()
    assert runner.invoke(args=["export", str(tmp_path / "a.zip")]).exit_code == 0
    rows = json.loads(contents(tmp_path / "a.zip")["applications.json"])
    waiting = [row for row in rows if row["contact_email"] == "awa@coin.example"]
    assert len(waiting) == 1 and waiting[0]["contact_id"] is None and "contact_password_hash" not in waiting[0]
    assert runner.invoke(args=["export", str(tmp_path / "b.zip"), "--with-password-hashes"]).exit_code == 0
    assert b"pbkdf2" in contents(tmp_path / "b.zip")["applications.json"]
