"""Whole pages kept for visitors: served again while nothing changes, never once something did."""
from __future__ import annotations

import gzip
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from app import create_app
from app.amendments import services as amendments
from app.caching import generation
from app.db_types import utcnow
from app.votes import services as votes
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


def broken_view(*_args, **_kwargs):
    raise AssertionError("the view ran: the page was not served from the store")


def test_a_visitor_s_second_request_is_served_without_running_the_view_or_the_orm(app, client, charter,
                                                                                  monkeypatch):
    first = client.get("/documents/charte")
    monkeypatch.setattr("app.documents.views._text_page", broken_view)
    with count_queries() as seen:
        second = client.get("/documents/charte")
    assert second.status_code == 200 and second.data == first.data
    assert seen == []  # the shortcut reads the generation on a raw connection, nothing else
    assert len(kept(app).entries) == 1


def test_a_visitor_who_chose_a_language_is_served_the_kept_page_of_that_language(app, client, charter,
                                                                                 monkeypatch):
    with client.session_transaction() as session:
        session["language"] = "en"
    client.get("/documents/charte")  # Flask-Login marks the session "not fresh": a cookie is sent, nothing kept
    first = client.get("/documents/charte", headers={"Accept-Language": "fr"})
    monkeypatch.setattr("app.documents.views._text_page", broken_view)
    second = client.get("/documents/charte", headers={"Accept-Language": "fr"})
    assert 'lang="en"' in second.get_data(as_text=True) and second.data == first.data


def test_browsers_get_the_page_compressed_and_the_same_once_decompressed(client, charter):
    plain = client.get("/documents/charte")  # builds and keeps it
    for cookie in ({"Cookie": "unrelated=1"}, {}):  # through Flask, then from the shortcut
        packed = client.get("/documents/charte", headers={"Accept-Encoding": "gzip, deflate, br", **cookie})
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.data) == plain.data
        assert packed.headers["ETag"] != plain.headers["ETag"]
        assert "Accept-Encoding" in packed.headers["Vary"]


def test_a_head_request_gets_the_headers_without_the_body(client, charter):
    client.get("/documents/charte")
    head = client.head("/documents/charte")
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) > 1000


def test_a_page_that_must_close_due_votes_is_answered_before_flask_only_until_the_next_deadline(
        app, client, people, charter, monkeypatch):
    amendment = amendments.create_amendment(
        charter, author=people["member_a"], title="Trois engagements", rationale="Plus complet.",
        markdown=TEXT + "\nTroisième engagement : partager.\n", base_number=1, now=NOW - timedelta(days=30))
    db.session.commit()
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow(),
                           closes_at=utcnow() + timedelta(days=9))
    db.session.commit()
    client.get(f"/amendments/{amendment.id}")
    deadline = vote.closes_at
    (page,) = kept(app).entries.values()
    assert page.shortcut and page.expires_at == deadline
    ran = []
    monkeypatch.setattr("app.amendments.views.close_due_votes", lambda *args: ran.append(args))
    assert client.get(f"/amendments/{amendment.id}").status_code == 200
    assert ran == []  # answered before Flask: nothing was due
    monkeypatch.setattr("app.caching.shortcut.utcnow", lambda: deadline + timedelta(seconds=1))
    assert client.get(f"/amendments/{amendment.id}").status_code == 200
    assert len(ran) == 1  # past the deadline: Flask ran the closing first


def test_the_kept_page_has_the_headers_of_any_page(client, charter):
    client.get("/documents/charte")
    second = client.get("/documents/charte")
    assert "script-src 'self'" in second.headers["Content-Security-Policy"]
    assert second.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Set-Cookie" not in second.headers


def test_a_change_by_anyone_shows_at_once(app, client, charter, people):
    english = {"Accept-Language": "en"}
    assert "open thread" not in client.get("/documents/charte", headers=english).get_data(as_text=True)
    version = charter.versions[-1]
    clause_id = version.clauses[1].clause_id
    comments.comment_on_version(version, author=people["member_a"], body="Un avis neuf sur ce point.", now=NOW,
                                clause_id=clause_id)
    db.session.commit()
    assert "1 open thread" in client.get("/documents/charte", headers=english).get_data(as_text=True)


def test_each_language_and_address_is_kept_apart(app, client, charter):
    french = client.get("/documents/charte", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get("/documents/charte", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="fr"' in french and 'lang="en"' in english
    client.get("/documents/charte/history")
    assert len(kept(app).entries) == 3


def test_a_person_logged_in_is_never_served_a_kept_page(app, client, charter, login_as):
    client.get("/documents/charte")
    login_as("member_a")
    page = client.get("/documents/charte").get_data(as_text=True)
    assert "propose a change" in page.lower() or "proposer" in page.lower()
    assert len(kept(app).entries) == 1


def test_a_page_that_asked_for_a_cookie_is_not_kept(app, client, charter):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Vous êtes déconnecté·e.")]
    assert "Vous êtes déconnecté" in client.get("/documents/charte").get_data(as_text=True)
    assert len(kept(app).entries) == 0


def test_a_page_that_is_not_found_is_not_kept(app, client, charter):
    assert client.get("/documents/nulle-part").status_code == 404
    assert len(kept(app).entries) == 0


def test_the_same_page_again_is_answered_not_modified(client, charter):
    etag = client.get("/documents/charte").headers["ETag"]
    for cookie in ({"Cookie": "unrelated=1"}, {}):  # Flask's answer, then the shortcut's
        again = client.get("/documents/charte", headers={"If-None-Match": etag, **cookie})
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
    assert list(store.entries) == [("/page/1",), ("/page/2",), ("/page/3",), ("/page/4",)]
    assert store.size == 960
    store.put(("/huge",), KeptPage(b"x" * 600, "text/html", "h"))
    assert ("/huge",) not in store.entries


def test_an_api_caller_with_a_token_is_never_served_a_visitor_s_answer(app, client, charter, people):
    from app.auth import services as auth_services
    assert client.get("/api/v1/amendments").status_code == 200
    assert len(kept(app).entries) == 1
    secret = auth_services.issue_token(people["member_a"])
    db.session.commit()
    answer = client.get("/api/v1/amendments", headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401  # checked, not answered from the store
    assert client.get("/api/v1/amendments", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_write_only_to_the_record_of_refused_attempts_keeps_the_pages(app, charter):
    before = generation.current(db.session)
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_entry (at, kind, object_type, public, detail_json) "
                                "VALUES (CURRENT_TIMESTAMP, 'authorisation.refused', 'page', false, '{}')"))
    assert generation.current(db.session) == before
    db.session.commit()  # outside a request the session's transaction holds SQLite's write lock
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE document SET title = 'Charte commune'"))
    assert generation.current(db.session) == before + 1


@pytest.mark.parametrize("path", ["/documents/charte", "/feeds/activity.atom", "/documents/charte/feed.atom"])
def test_pages_and_feeds_say_they_vary_by_language_kept_or_not(client, charter, path):
    """Validators' issue 23.7: the same address answers French or English by Accept-Language."""
    built = client.get(path, headers={"Accept-Language": "en"})
    again = client.get(path, headers={"Accept-Language": "en"})  # from the store, before Flask for a page
    for response in (built, again):
        assert response.status_code == 200
        assert "accept-language" in {value.strip().lower() for value in response.headers["Vary"].split(",")}
