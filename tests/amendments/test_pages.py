"""The amendment pages: propose without JavaScript, nothing typed is lost, decide."""
from __future__ import annotations

from app.amendments import services
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents import services as documents
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended
from tests.support.forms import csrf_token, post_form


def form(title="Vendre", rationale="Plus clair.", markdown=None, action="submit", clause_id=""):
    return {"title": title, "rationale": rationale, "markdown": markdown or amended(CHARTER, "revendre", "vendre"),
            "base_version": 1, "clause_id": clause_id, "action": action}


def test_visitor_is_sent_to_log_in(client, charter):
    assert client.get("/documents/charte/amendments/new").status_code == 302


def test_member_previews_then_proposes(client, charter, login_as):
    login_as("member_a")
    preview = post_form(client, "/documents/charte/amendments/new", form(action="preview"))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<del>" in html and "Vendre" in html
    assert db.session.query(Amendment).count() == 0
    response = post_form(client, "/documents/charte/amendments/new", form())
    assert response.status_code == 302
    amendment = db.session.query(Amendment).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert amendment.title in page and "Plus clair." in page


def test_single_clause_editor_stores_the_full_text(client, charter, login_as):
    login_as("member_a")
    page = client.get("/documents/charte").get_data(as_text=True)
    from app.documents.clauses import clauses_of
    clause = next(c for c in clauses_of(charter.id, 1) if "revendre" in c.source)
    editor = client.get(f"/documents/charte/amendments/new?clause={clause.clause_id}").get_data(as_text=True)
    assert "Ne jamais revendre" in editor and "Vie du collectif" not in editor.split("<textarea")[1]
    response = post_form(client, "/documents/charte/amendments/new",
                         form(markdown="2. Ne jamais vendre les données.", clause_id=clause.clause_id),
                         token_from="/documents/charte")
    assert response.status_code == 302
    assert db.session.query(Amendment).one().markdown == amended(CHARTER, "revendre", "vendre")
    assert page


def test_validation_error_brings_the_text_back(client, charter, login_as):
    login_as("member_a")
    typed = amended(CHARTER, "revendre", "vendre (texte précieux)")
    response = post_form(client, "/documents/charte/amendments/new", form(title="", markdown=typed))
    assert response.status_code == 422
    assert "vendre (texte précieux)" in response.get_data(as_text=True)


def test_expired_csrf_token_brings_the_text_back(client, charter, login_as):
    login_as("member_a")
    typed = amended(CHARTER, "revendre", "vendre (texte précieux)")
    response = client.post("/documents/charte/amendments/new", data={**form(markdown=typed), "csrf_token": "expired"})
    assert response.status_code == 400
    assert "vendre (texte précieux)" in response.get_data(as_text=True)
    assert db.session.query(Amendment).count() == 0


def test_non_author_cannot_edit_or_withdraw(client, charter, login_as):
    login_as("member_a")
    post_form(client, "/documents/charte/amendments/new", form())
    amendment = db.session.query(Amendment).one()
    post_form(client, "/logout", {}, token_from="/")
    login_as("delegate_b")
    assert client.get(f"/amendments/{amendment.id}/edit").status_code == 403
    token = csrf_token(client, f"/amendments/{amendment.id}")
    assert client.post(f"/amendments/{amendment.id}/withdraw", data={"csrf_token": token}).status_code == 403
    assert db.session.get(Amendment, amendment.id).status == "discussion"


def test_list_filters_by_state(client, charter, login_as):
    login_as("member_a")
    post_form(client, "/documents/charte/amendments/new", form())
    assert "Vendre" in client.get("/documents/charte/amendments?status=discussion").get_data(as_text=True)
    assert "Vendre" not in client.get("/documents/charte/amendments?status=rejected").get_data(as_text=True)


def test_list_answers_an_absurd_page_number_without_crashing(client, charter):
    for page in ("99999999999999999999999", "-3", "abc"):
        response = client.get(f"/amendments?page={page}")
        assert response.status_code == 200, page
        assert client.get(f"/documents/charte/amendments?page={page}").status_code == 200


def test_direction_controls_in_a_title_do_not_turn_the_page_s_words_around(client, charter, login_as):
    login_as("member_a")
    response = post_form(client, "/documents/charte/amendments/new", form(title="Vendre \u202eenon\u2066 fin"))
    assert response.status_code == 302
    for path in ("/amendments", "/documents/charte/amendments", response.headers["Location"], "/organisations/org-a"):
        page = client.get(path).get_data(as_text=True)
        assert "Vendre enon fin" in page, path
        assert "\u202e" not in page and "\u2066" not in page, path


def test_a_preview_needs_no_title_or_reason_yet(client, charter, login_as):
    login_as("member_a")
    response = post_form(client, "/documents/charte/amendments/new", form(title="", rationale="", action="preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ce champ est requis." not in page and "Veuillez corriger" not in page
    assert "<del>" in page and "<ins>" in page  # the preview of what changes
    assert db.session.query(Amendment).count() == 0
    refused = post_form(client, "/documents/charte/amendments/new", form(title="", rationale="", action="submit"))
    assert refused.status_code == 422 and "Ce champ est requis." in refused.get_data(as_text=True)


def test_an_amendment_shows_its_change_on_the_rendered_text_with_a_source_view(client, charter, people):
    """Issue 21: no `1.` nor `##` to read; unchanged clauses unfold in place; the Markdown on demand."""
    from app.amendments.services import create_amendment
    from app.db_types import utcnow

    amendment = create_amendment(charter, author=people["member_a"], title="Vendre", rationale="Plus court.",
                                 markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow())
    db.session.commit()
    html = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    changes = html[html.index('id="changes-title"'):html.index('id="vote')]
    assert '<ol start="2"><li>Ne jamais <del>' in changes and "2. Ne jamais" not in changes
    assert '<details class="diff-fold">' in changes and "<h2>Vie du collectif</h2>" in changes
    source = client.get(f"/amendments/{amendment.id}?view=source").get_data(as_text=True)
    assert "2. Ne jamais <del>" in source


def test_an_amendment_rewriting_a_thousand_clauses_names_its_competitors(client, people):
    """Its page asks for the amendments sharing any of its 1,200 clauses without one LIKE per clause (SQLite
    refused that expression); a one-clause amendment's page names it back."""
    text = "\n\n".join(f"Alinéa numéro {n} du long texte." for n in range(1200)) + "\n"
    document = documents.create_document("long", "Long texte", text, author=None, now=utcnow(), summary="v1")
    whole = services.create_amendment(document, author=people["member_a"], title="Tout relire", rationale="Relu.",
                                      markdown=text.replace(" du long texte.", " du long texte, relu."),
                                      base_number=1, now=utcnow())
    one = services.create_amendment(document, author=people["delegate_b"], title="Un seul alinéa", rationale="Un.",
                                    markdown=text.replace("numéro 7 du", "numéro sept du"), base_number=1, now=utcnow())
    db.session.commit()
    assert len(whole.changed_clauses) == 1200
    page = client.get(f"/amendments/{whole.id}")
    assert page.status_code == 200 and "Un seul alinéa" in page.get_data(as_text=True)
    assert "Tout relire" in client.get(f"/amendments/{one.id}").get_data(as_text=True)
