"""Whole pages kept for visitors: served again while nothing changes, never once something did."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from app import create_app
from app.caching import generation
from app.caching.pages import STORE, KeptPage, PageStore
from app.comments import services as comments
from app.documents import services
from app.documents.queries import get_document
from app.extensions import db
from config import TestConfig
from tests.documents.helpers import count_queries

NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)
TEXT = "# Charte\n\nPremier engagement : publier nos comptes.\n\nSecond engagement : répondre aux courriels.\n"


@pytest.fixture
def charter(app):
    document = services.create_document("charte", "Charte", TEXT, author=None, now=NOW)
    db.session.commit()
    return document


def kept(app) -> PageStore:
    return app.extensions[STORE]


def test_a_visitor_s_second_request_is_served_from_the_store_with_one_query(app, client, charter):
    first = client.get("/documents/charte")
    with count_queries() as seen:
        second = client.get("/documents/charte")
    assert second.status_code == 200 and second.data == first.data
    statements = [s for s in seen if s != "BEGIN"]  # SQLite's explicit BEGIN (app/database.py)
    assert len(statements) == 1 and "generation" in statements[0]
    assert len(kept(app).pages) == 1


def test_the_kept_page_has_the_headers_of_any_page(client, charter):
    client.get("/documents/charte")
    second = client.get("/documents/charte")
    assert "script-src 'self'" in second.headers["Content-Security-Policy"]
    assert second.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Set-Cookie" not in second.headers


def test_a_change_by_anyone_shows_at_once(app, client, charter, people):
    assert "Un avis neuf" not in client.get("/documents/charte").get_data(as_text=True)
    version = charter.versions[-1]
    clause_id = version.clauses[1].clause_id
    comments.comment_on_version(version, author=people["member_a"], body="Un avis neuf sur ce point.", now=NOW,
                                clause_id=clause_id)
    db.session.commit()
    assert "Un avis neuf" in client.get("/documents/charte").get_data(as_text=True)


def test_each_language_and_address_is_kept_apart(app, client, charter):
    french = client.get("/documents/charte", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get("/documents/charte", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="fr"' in french and 'lang="en"' in english
    client.get("/documents/charte/history")
    assert len(kept(app).pages) == 3


def test_a_person_logged_in_is_never_served_a_kept_page(app, client, charter, login_as):
    client.get("/documents/charte")
    login_as("member_a")
    page = client.get("/documents/charte").get_data(as_text=True)
    assert "propose a change" in page.lower() or "proposer" in page.lower()
    assert len(kept(app).pages) == 1


def test_a_page_that_asked_for_a_cookie_is_not_kept(app, client, charter):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Vous êtes déconnecté·e.")]
    assert "Vous êtes déconnecté" in client.get("/documents/charte").get_data(as_text=True)
    assert len(kept(app).pages) == 0


def test_a_page_that_is_not_found_is_not_kept(app, client, charter):
    assert client.get("/documents/nulle-part").status_code == 404
    assert len(kept(app).pages) == 0


def test_the_same_page_again_is_answered_not_modified(client, charter):
    etag = client.get("/documents/charte").headers["ETag"]
    again = client.get("/documents/charte", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_the_generation_moves_with_each_transaction_that_writes_and_only_then(app, charter):
    before = generation.current(db.session)
    db.session.commit()
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    assert generation.current(db.session) == before
    db.session.execute(text("UPDATE document SET title = 'Charte commune'"))
    db.session.rollback()
    assert generation.current(db.session) == before
    db.session.execute(text("UPDATE document SET title = 'Charte commune'"))
    db.session.commit()
    assert generation.current(db.session) == before + 1


def test_a_write_on_a_connection_outside_the_session_moves_it_too(app, charter):
    before = generation.current(db.session)
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE document SET title = 'Charte commune'"))
    assert generation.current(db.session) == before + 1


def test_a_page_kept_by_one_worker_is_dropped_after_a_write_by_another(tmp_path):
    """Two applications on one database file stand for two gunicorn workers."""
    url = f"sqlite:///{tmp_path}/shared.sqlite"
    reader, writer = (create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url) for _ in range(2))
    with writer.app_context():
        db.create_all()
        services.create_document("charte", "Charte", TEXT, author=None, now=NOW)
        db.session.commit()
    with reader.test_client() as visitor:
        assert "Charte" in visitor.get("/documents/charte").get_data(as_text=True)
        with writer.app_context():
            services.create_version(get_document("charte"), TEXT + "\nTroisième engagement : partager.\n",
                                    author=None, now=NOW, summary="v2")
            db.session.commit()
        assert "Troisième engagement" in visitor.get("/documents/charte").get_data(as_text=True)
    for application in (reader, writer):
        with application.app_context():
            db.engine.dispose()


def test_the_store_keeps_the_most_recent_pages_within_its_size():
    store = PageStore(max_bytes=1000)
    for n in range(5):
        store.put((f"/page/{n}",), KeptPage(b"x" * 240, "text/html", str(n)))
    assert list(store.pages) == [("/page/1",), ("/page/2",), ("/page/3",), ("/page/4",)]
    assert store.size == 960
    store.put(("/huge",), KeptPage(b"x" * 600, "text/html", "h"))
    assert ("/huge",) not in store.pages
