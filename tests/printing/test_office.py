"""ODT and DOCX: a version exported and imported back keeps its clauses; imports that fail say why."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.documents import services
from app.documents.queries import find_document, get_document, get_version
from app.errors import Invalid
from app.extensions import db
from app.printing.office import export_office, import_text
from tests.printing.conftest import NOW, clause_texts
from tests.support.forms import post_form

TEXT = """# Statuts

## Article 1 — Objet

L'association *héberge* des services **libres**[^objet].

1. Premier engagement.
2. Second engagement.
   - un détail du second.

| Service | Préavis |
|---|---|
| Courriel | six mois |

[^objet]: Au sens de la charte.
"""


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_an_export_imported_back_gives_the_same_clauses(app, fmt):
    with app.test_request_context("/"):
        back = import_text(export_office(TEXT, fmt, title="Statuts", lang="fr"), f"statuts.{fmt}")
    assert clause_texts(back) == clause_texts(TEXT)


def test_the_odt_is_a_real_opendocument_text_with_its_footnotes(client, people):
    services.create_document("statuts", "Statuts", TEXT, author=None, now=NOW)
    db.session.commit()
    response = client.get("/documents/statuts/versions/1.odt")
    assert response.status_code == 200 and response.content_type == "application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(io.BytesIO(response.data)) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        body = odt.read("content.xml").decode()
    assert "<text:note " in body and "<table:table " in body and "<text:list " in body
    assert "Au sens de la charte" in body


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_the_demo_charter_round_trips(client, demo, fmt):
    version = get_version(get_document("charte"), 4)
    response = client.get(f"/documents/charte/versions/4.{fmt}")
    assert response.status_code == 200
    assert clause_texts(import_text(response.data, f"charte.{fmt}")) == clause_texts(version.markdown)


def test_an_odt_file_is_imported_for_review_then_created(client, login_as):
    login_as("facilitator")
    with client.application.test_request_context("/"):
        odt = export_office(TEXT, "odt", title="Statuts", lang="fr")
    response = post_form(client, "/documents/new", {"title": "Statuts", "slug": "statuts", "markdown": "",
                                                    "upload": (io.BytesIO(odt), "statuts.odt")},
                         content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and find_document("statuts") is None
    assert "statuts.odt" in html and "Au sens de la charte." in html and "[^1]:" in html


@pytest.mark.parametrize("name, data, says", [
    ("abime.odt", b"PK\x03\x04 not really a zip", "n'a pas pu être lu comme un document ODT"),
    ("abime.docx", b"\x00\x01\x02", "n'a pas pu être lu comme un document DOCX"),
    ("scan.pdf", b"%PDF-1.4", "n'est pas un fichier que Palabre sait lire"),
])
def test_a_file_that_cannot_be_read_gets_a_sentence(client, login_as, name, data, says):
    login_as("facilitator")
    response = post_form(client, "/documents/new", {"title": "Abîmé", "slug": "abime", "markdown": "",
                                                    "upload": (io.BytesIO(data), name)},
                         content_type="multipart/form-data")
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 422 and find_document("abime") is None
    assert says in html or "Envoyez un fichier .md, .txt, .odt ou .docx." in html
    assert 'value="Abîmé"' in html  # what was typed comes back


def test_import_text_refuses_with_a_sentence(app):
    with app.test_request_context("/"):
        with pytest.raises(Invalid) as refused:
            import_text(b"garbage", "statuts.odt")
    assert "statuts.odt" in refused.value.message


def test_create_document_from_an_odt_file(runner, app, tmp_path):
    with app.test_request_context("/"):
        path = tmp_path / "statuts.odt"
        path.write_bytes(export_office(TEXT, "odt", title="Statuts", lang="fr"))
    result = runner.invoke(args=["create-document", "statuts", "--title", "Statuts", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert clause_texts(get_version(find_document("statuts"), 1).markdown) == clause_texts(TEXT)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"nope")
    result = runner.invoke(args=["create-document", "autre", "--title", "Autre", "--file", str(broken)])
    assert result.exit_code == 1 and "broken.docx" in result.output and find_document("autre") is None
