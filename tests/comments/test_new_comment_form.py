"""One form publishes a new comment: on a clause's page and under an amendment's or an application's
discussion (templates/comments/_new_comment.html), each with its own ids, fields and hints."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.comments.models import Comment
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.extensions import db
from app.applications import services as applications
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, post_form
from tests.votes.conftest import amendment  # noqa: F401  (fixture)


def form_of(page: str, marker: str) -> str:
    """The <form> element containing `marker`."""
    at = page.index(marker)
    return page[page.rindex("<form", 0, at):page.index("</form>", at)]


def test_the_clause_page_form_gives_typed_text_and_errors_back(client, charter, people, login_as):  # noqa: F811
    clause = clauses_of(charter.id, 1)[2].clause_id
    url = f"/documents/charte/versions/1/clauses/{clause}/comments"
    login_as("member_a")
    form = form_of(client.get(url).get_data(as_text=True), 'id="body"')
    assert 'id="quote"' in form and f'name="clause_id" value="{clause}"' in form and "novalidate" in form
    assert 'aria-describedby="quote-hint"' in form and 'aria-describedby="body-hint"' in form
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "clause_id": clause,
                                     "quote": "les mots cités", "body": ""})
    assert refused.status_code == 422
    form = form_of(refused.get_data(as_text=True), 'id="body"')
    assert 'aria-invalid="true" aria-errormessage="body-error"' in form and 'id="body-error"' in form
    assert "les mots cités</textarea>" in form
    assert post_form(client, url, {"clause_id": clause, "body": "Un avis."}).status_code == 302
    saved = db.session.scalar(select(Comment).where(Comment.body == "Un avis."))
    assert saved.clause_id == clause


def test_the_discussions_use_their_own_ids_and_fields(client, amendment, people, login_as):  # noqa: F811
    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
        contact_email="awa@coin.example", password=PASSWORD, has_read_charter=True, now=utcnow())
    db.session.commit()
    login_as("member_a")
    on_amendment = form_of(client.get(f"/amendments/{amendment.id}").get_data(as_text=True),
                           'id="amendment-comment-form"')
    assert f'action="/amendments/{amendment.id}/comments"' in on_amendment
    assert 'id="amendment-quote"' in on_amendment and 'id="amendment-body"' in on_amendment
    on_application = form_of(client.get(f"/applications/{application.id}").get_data(as_text=True),
                             'id="application-comment-form"')
    assert f'action="/applications/{application.id}/comments"' in on_application
    assert 'id="application-body"' in on_application and "quote" not in on_application
    assert "novalidate" not in on_amendment + on_application
    response = post_form(client, f"/amendments/{amendment.id}/comments", {"body": "Sur l’amendement."},
                         token_from=f"/amendments/{amendment.id}")
    assert response.status_code == 302 and re.search(r"#comment-\d+$", response.headers["Location"])


def test_visitors_are_asked_to_log_in_everywhere(client, charter, amendment):  # noqa: F811
    clause = clauses_of(charter.id, 1)[2].clause_id
    for url in (f"/documents/charte/versions/1/clauses/{clause}/comments", f"/amendments/{amendment.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "/login?next=" in page and 'name="body"' not in page, url


def test_words_typed_as_a_quote_that_are_not_in_the_clause_come_back_marked(client, charter, people, login_as):  # noqa: F811
    """Issue 21, point 7: they were published as a quote of the text."""
    clause = next(c for c in clauses_of(charter.id, 1) if "revendre" in c.source).clause_id
    url = f"/documents/charte/versions/1/clauses/{clause}/comments"
    login_as("member_a")
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "clause_id": clause,
                                     "quote": "des mots que la clause ne dit pas", "body": "Mon avis."})
    assert refused.status_code == 422
    form = form_of(refused.get_data(as_text=True), 'id="body"')
    assert 'aria-errormessage="quote-error"' in form and "Mon avis.</textarea>" in form
    assert db.session.scalar(select(Comment).where(Comment.body == "Mon avis.")) is None


def test_the_clause_page_of_the_current_text_leads_back_to_the_live_text(client, charter, people):  # noqa: F811
    """Issue 21: commenting led back to /versions/N, not to the text people read."""
    clause = clauses_of(charter.id, 1)[2].clause_id
    html = client.get(f"/documents/charte/versions/1/clauses/{clause}/comments").get_data(as_text=True)
    assert f'href="/documents/charte#clause-{clause}"' in html and 'href="/documents/charte/versions/1#' not in html


def test_a_new_comment_on_the_live_text_comes_back_to_it_with_its_quote_highlighted(client, charter, people,  # noqa: F811
                                                                                    login_as):
    """Issue 21: after publishing, the live text at the clause (not /versions/N); the quoted words marked."""
    clause = next(c for c in clauses_of(charter.id, 1) if "revendre" in c.source).clause_id
    url = f"/documents/charte/versions/1/clauses/{clause}/comments"
    login_as("member_a")
    response = post_form(client, url, {"clause_id": clause, "quote": "revendre les", "body": "Pourquoi « re » ?"})
    assert response.status_code == 302 and response.headers["Location"] == f"/documents/charte#clause-{clause}"
    page = client.get(url).get_data(as_text=True)
    assert "<mark>revendre les</mark>" in page and "2. Ne jamais" not in page  # the clause as it reads
