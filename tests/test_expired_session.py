"""A form sent after the session expired gives the text back in its real form, after logging in again.

Issue 21, point 5: the expired-session page showed internal field names and hidden fields as
inputs, and "send again" led to the log-in page, where the text was lost (no JavaScript).
"""
from __future__ import annotations

import re

from app.amendments.models import Amendment
from app.comments.models import Comment
from app.documents.clauses import clauses_of
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.conftest import PASSWORD
from tests.support.forms import CSRF_PATTERN, login

TYPED = amended(CHARTER, "revendre", "vendre (un texte tapé avec soin)")


def amendment_form(**fields):
    return {"title": "Vendre", "rationale": "Plus clair.", "markdown": TYPED, "base_version": "1",
            "clause_id": "", "action": "submit", **fields}


def hidden_names(html: str) -> set[str]:
    return set(re.findall(r'<input type="hidden" name="([^"]+)"', html))


def visible_labels(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r'<label class="field__label"[^>]*>([^<]+)', html)]


def resume_page_fields(html: str) -> dict:
    """What the expired-session page's log-in form would post (its hidden fields and token)."""
    form = html.split('action="/login/resume"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(dict(re.findall(r'name="(resume-[a-z_-]+)"[^>]*value="([^"]*)"', form)))
    return {name: value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") for name, value in
            fields.items()}


def test_logged_in_with_a_stale_token_the_editor_comes_back_filled_and_nothing_is_saved(client, charter, login_as):  # noqa: F811
    login_as("member_a")
    response = client.post("/documents/charte/amendments/new", data={**amendment_form(), "csrf_token": "stale"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="amendment-editor"' in html and "vendre (un texte tapé avec soin)" in html.split("<textarea")[1]
    assert "base_version" not in visible_labels(html) and "markdown" not in visible_labels(html)
    assert "sécurité" in html and db.session.query(Amendment).count() == 0  # (in French: the default)
    token = CSRF_PATTERN.search(html).group(1)  # the page's fresh token sends it for real
    sent = client.post("/documents/charte/amendments/new", data={**amendment_form(), "csrf_token": token})
    assert sent.status_code == 302 and db.session.query(Amendment).count() == 1


def test_after_the_session_is_gone_logging_in_again_brings_the_real_form_back(client, charter, people):  # noqa: F811
    client.get("/")  # a visitor's session: the one an expired log-in leaves behind
    response = client.post("/documents/charte/amendments/new", data={**amendment_form(), "csrf_token": "stale"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'action="/login/resume"' in html and 'name="resume-password"' in html
    assert {"base_version", "clause_id", "action", "markdown"} <= hidden_names(html)
    kept = html.split('action="/login/resume"')[1].split("</form>")[1]
    assert "vendre (un texte tapé avec soin)" in kept and "base_version" not in kept  # words, not field names
    fields = resume_page_fields(html)
    assert fields["markdown"].replace("\r\n", "\n") == TYPED
    fields.update({"resume-email": people["member_a"].email, "resume-password": PASSWORD})
    back = client.post("/login/resume", data=fields)
    assert back.status_code == 307 and back.headers["Location"] == "/documents/charte/amendments/new"
    editor = client.post("/documents/charte/amendments/new", data=fields)
    page = editor.get_data(as_text=True)
    assert editor.status_code in (400, 422)
    assert 'id="amendment-editor"' in page and "vendre (un texte tapé avec soin)" in page.split("<textarea")[1]
    assert db.session.query(Amendment).count() == 0  # nothing saved before the person sends it again
    assert client.get("/account").status_code == 200  # and logged in


def test_a_wrong_password_on_the_resume_page_keeps_the_text(client, charter, people):  # noqa: F811
    client.get("/")
    html = client.post("/documents/charte/amendments/new",
                       data={**amendment_form(), "csrf_token": "stale"}).get_data(as_text=True)
    fields = {**resume_page_fields(html), "resume-email": people["member_a"].email, "resume-password": "wrong"}
    refused = client.post("/login/resume", data=fields)
    again = refused.get_data(as_text=True)
    assert refused.status_code == 401
    assert resume_page_fields(again)["markdown"].replace("\r\n", "\n") == TYPED


def test_a_clause_comment_comes_back_after_logging_in_again(client, charter, people):  # noqa: F811
    clause = next(c for c in clauses_of(charter.id, 1) if "revendre" in c.source)
    url = f"/documents/charte/versions/1/clauses/{clause.clause_id}/comments"
    client.get("/")
    html = client.post(url, data={"body": "Un commentaire réfléchi", "clause_id": clause.clause_id, "quote": "",
                                  "csrf_token": "stale"}).get_data(as_text=True)
    fields = {**resume_page_fields(html), "resume-email": people["member_a"].email, "resume-password": PASSWORD}
    assert client.post("/login/resume", data=fields).status_code == 307
    page = client.post(url, data=fields).get_data(as_text=True)
    assert "Un commentaire réfléchi</textarea>" in page
    assert db.session.query(Comment).count() == 0


def test_a_button_after_the_session_expired_is_shown_with_words_to_send_again(client, charter, people):  # noqa: F811
    login(client, people["member_a"].email)
    response = client.post("/logout", data={"csrf_token": "stale", "next": "/"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Renvoyer" in html
    assert "next" in hidden_names(html) and "next" not in visible_labels(html)
