"""Facilitators start a document from typed or uploaded Markdown; nothing typed is ever lost."""
from __future__ import annotations

import io

from app.documents.queries import find_document, get_version
from tests.documents.helpers import charter
from tests.support.forms import csrf_token, post_form

URL = "/documents/new"


def test_a_visitor_is_sent_to_log_in(client, people):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_member_may_not_create_a_document(client, login_as):
    login_as("member_a")
    assert client.get(URL).status_code == 403
    token = csrf_token(client, "/documents")  # any page of the site carries a token in its header
    response = client.post(URL, data={"csrf_token": token, "title": "T", "slug": "t", "markdown": "x"})
    assert response.status_code == 403 and find_document("t") is None


def test_a_facilitator_creates_a_document_from_typed_text(client, login_as):
    login_as("facilitator")
    response = post_form(client, URL, {"title": "Charte", "slug": "charte", "markdown": charter()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/documents/charte")
    document = find_document("charte")
    version = get_version(document, 1)
    assert version.markdown == charter() and version.author.email == "facilitator@example.org"
    assert "Charte" in client.get("/documents").get_data(as_text=True)


def test_an_uploaded_file_is_shown_for_review_then_created(client, login_as):
    login_as("facilitator")
    text = "# Manifeste\n\nNous croyons à l'hébergement de proximité.\n"
    response = post_form(client, URL, {
        "title": "Manifeste", "slug": "manifeste", "markdown": "",
        "upload": (io.BytesIO(text.encode("utf-8")), "manifeste.md"),
    }, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and find_document("manifeste") is None  # nothing saved yet
    assert "manifeste.md" in html and "Nous croyons à l&#39;hébergement de proximité." in html
    response = post_form(client, URL, {"title": "Manifeste", "slug": "manifeste", "markdown": text})
    assert response.status_code == 302
    assert get_version(find_document("manifeste"), 1).markdown == text


def test_a_validation_error_gives_the_text_back(client, login_as):
    login_as("facilitator")
    text = "# Charte\n\nUn texte long & précieux <à garder>.\n"
    response = post_form(client, URL, {"title": "Charte", "slug": "Pas Valide!", "markdown": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and find_document("pas-valide") is None
    assert "Un texte long &amp; précieux &lt;à garder&gt;." in html and 'aria-invalid="true"' in html


def test_a_duplicate_slug_is_explained_and_the_text_kept(client, login_as, make_document):
    make_document("charte", charter())
    login_as("facilitator")
    response = post_form(client, URL, {"title": "Autre", "slug": "charte", "markdown": "Un autre texte.\n"})
    assert response.status_code == 422 and "Un autre texte." in response.get_data(as_text=True)


def test_a_file_that_is_not_utf8_is_refused(client, login_as):
    login_as("facilitator")
    response = post_form(client, URL, {
        "title": "Binaire", "slug": "binaire", "markdown": "",
        "upload": (io.BytesIO(b"\xff\xfe\x00bin"), "binaire.md"),
    }, content_type="multipart/form-data")
    assert response.status_code == 422 and find_document("binaire") is None


def test_an_empty_text_is_refused(client, login_as):
    login_as("facilitator")
    response = post_form(client, URL, {"title": "Vide", "slug": "vide", "markdown": "  "})
    assert response.status_code == 422 and find_document("vide") is None
