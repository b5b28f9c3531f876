"""The text's margin counts each clause's threads; the threads load when opened."""
from __future__ import annotations

import sqlalchemy.event

from app.comments import services
from app.comments.models import Comment
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.extensions import db
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.documents.helpers import count_queries


def commented(charter, people):  # noqa: F811
    """Two open threads and a resolved one on clause 3, one hidden on clause 4; the bodies are distinctive."""
    clause, other = (c.clause_id for c in clauses_of(charter.id, 1)[2:4])
    version = charter.versions[0]
    first = services.comment_on_version(version, author=people["member_a"], body="Premier avis-témoin.",
                                        now=utcnow(), clause_id=clause)
    services.comment_on_version(version, author=people["delegate_b"], body="Réponse-témoin.", now=utcnow(),
                                parent=first)
    services.comment_on_version(version, author=people["delegate_b"], body="Second avis-témoin.", now=utcnow(),
                                clause_id=clause)
    resolved = services.comment_on_version(version, author=people["member_a"], body="Réglé-témoin.",
                                           now=utcnow(), clause_id=clause)
    services.set_thread_status(resolved, "resolved")
    hidden = services.comment_on_version(version, author=people["member_a"], body="Caché-témoin.", now=utcnow(),
                                         clause_id=other)
    services.hide_comment(hidden, by=people["facilitator"], reason="hors sujet", now=utcnow())
    db.session.commit()
    return clause, other


def test_the_margin_counts_threads_without_carrying_them(client, charter, people):  # noqa: F811
    clause, other = commented(charter, people)
    page = client.get("/documents/charte", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "témoin" not in page  # no comment travels with the text
    assert "2 open threads" in page and "(+1 resolved or hidden)" in page
    assert "0 open threads" in page  # clause 4: only a hidden one
    # The clause's disclosure holds the link to its discussion (without JavaScript); palabre.js loads the
    # threads from the same address, /threads for /comments (the margin carries no second one per clause).
    discussion = f"/documents/charte/versions/1/clauses/{clause}/comments"
    threads = page.split(f'id="clause-{clause}"')[1].split('class="margin-threads"')[1].split("</details>")[0]
    assert f'href="{discussion}"' in threads and "/threads" not in page
    fragment = client.get(discussion.replace("/comments", "/threads")).get_data(as_text=True)
    assert "Premier avis-témoin" in fragment


def test_the_threads_of_a_clause_come_as_a_fragment_with_replies(client, charter, people, login_as):  # noqa: F811
    clause, other = commented(charter, people)
    fragment = client.get(f"/documents/charte/versions/1/clauses/{clause}/threads").get_data(as_text=True)
    assert "<html" not in fragment
    for body in ("Premier avis-témoin", "Réponse-témoin", "Second avis-témoin", "Réglé-témoin"):
        assert body in fragment
    assert "Caché-témoin" not in fragment
    hidden = client.get(f"/documents/charte/versions/1/clauses/{other}/threads").get_data(as_text=True)
    assert "Caché-témoin" not in hidden and "hors sujet" in hidden
    login_as("member_a")
    mine = client.get(f"/documents/charte/versions/1/clauses/{clause}/threads").get_data(as_text=True)
    assert 'name="parent_id"' in mine and "data-comment" in mine  # reply forms for members


def test_an_unknown_text_or_version_has_no_threads_to_load(client, charter):  # noqa: F811
    assert client.get("/documents/nulle-part/versions/1/clauses/x/threads").status_code == 404
    assert client.get("/documents/charte/versions/9/clauses/x/threads").status_code == 404


def test_the_margin_costs_the_same_queries_with_many_comments(client, charter, people, login_as):  # noqa: F811
    login_as("member_a")  # a member's page is built for them, never kept
    version = charter.versions[0]
    ids = [c.clause_id for c in clauses_of(charter.id, 1)]
    client.get("/documents/charte")  # the clauses' HTML, kept by the worker
    # Both measures are of a page built again after a write: the text with its margin is kept per generation.
    services.comment_on_version(version, author=people["member_a"], body="Premier avis.", now=utcnow(),
                                clause_id=ids[0])
    db.session.commit()
    with count_queries() as few:
        client.get("/documents/charte")
    for n in range(60):
        services.comment_on_version(version, author=people["member_a"], body=f"Avis {n}.", now=utcnow(),
                                    clause_id=ids[n % len(ids)])
    db.session.commit()
    with count_queries() as many:
        client.get("/documents/charte")
    assert len(many) == len(few) and any("comment_anchor" in statement for statement in many)


def test_a_reply_leads_to_the_clause_s_discussion(client, charter, people, login_as):  # noqa: F811
    clause, _other = commented(charter, people)
    from app.comments.views import comment_url
    from app.comments.models import Comment
    from sqlalchemy import select
    reply = db.session.scalar(select(Comment).where(Comment.parent_id.is_not(None)))
    with client.application.test_request_context():
        url = comment_url(reply)
    assert url == f"/documents/charte/versions/1/clauses/{clause}/comments#comment-{reply.id}"
    assert "Réponse-témoin" in client.get(url.split("#")[0]).get_data(as_text=True)


def test_a_refused_reply_comes_back_as_a_reply_with_what_was_typed(client, charter, people, login_as):  # noqa: F811
    from sqlalchemy import func, select

    from app.comments.models import Comment
    from tests.support.forms import post_form

    clause, _other = commented(charter, people)
    first = db.session.scalar(select(Comment).where(Comment.body == "Premier avis-témoin."))
    count = db.session.scalar(select(func.count(Comment.id)))
    login_as("member_a")
    url = f"/documents/charte/versions/1/clauses/{clause}/comments"
    too_long = "Une réponse bien trop longue. " * 400
    response = post_form(client, url, {"parent_id": first.id, "body": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<h2 id="comment-form">Votre réponse</h2>' in page  # not "New comment": sending it again replies
    assert f'<input type="hidden" name="parent_id" value="{first.id}">' in page
    assert "Une réponse bien trop longue. Une réponse" in page and "10000" in page.replace("\u202f", "")
    assert db.session.scalar(select(func.count(Comment.id))) == count
    fresh = client.get(url).get_data(as_text=True)
    assert '<h2 id="comment-form">Nouveau commentaire</h2>' in fresh and 'name="parent_id" value' not in fresh.split(
        'id="comment-form"')[1]


def test_a_clause_s_threads_load_without_the_other_clauses_threads(client, app, charter, people):  # noqa: F811
    """The fragment and the clause's discussion read that clause's threads alone: a congress text's
    thousands of threads elsewhere are not loaded to show a few."""
    clause, other = commented(charter, people)
    version = charter.versions[0]
    for n in range(5):
        services.comment_on_version(version, author=people["member_a"], body=f"Ailleurs-{n}.", now=utcnow(),
                                    clause_id=other)
    db.session.commit()
    loaded: list[str] = []

    def on_load(target, _context):
        loaded.append(target.body)

    sqlalchemy.event.listen(Comment, "load", on_load)
    try:
        for address in (f"/documents/charte/versions/1/clauses/{clause}/threads",
                        f"/documents/charte/versions/1/clauses/{clause}/comments"):
            loaded.clear()
            page = client.get(address).get_data(as_text=True)
            assert "Premier avis-témoin" in page and "Ailleurs-" not in page
            assert loaded and not [body for body in loaded if "Ailleurs-" in body or "Caché" in body]
    finally:
        sqlalchemy.event.remove(Comment, "load", on_load)
