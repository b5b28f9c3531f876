"""PDFs of a version, an amendment and a document's amendments, read back with pypdf.

What is checked is what a secretary would check on paper: every clause is there in order,
with its number; the version's number and date; footnotes at the foot of the page that
calls them; the diff marked by underline and strike-through, not by colour alone.
"""
from __future__ import annotations

from pathlib import Path
import re
import subprocess

import pytest
from flask import render_template
from PIL import Image
from sqlalchemy import select

from app.amendments.models import Amendment
from app.documents import services
from app.documents.queries import clause_rows, get_document, get_version
from app.extensions import db
from app.printing import views as printing_views
from app.printing.pdf import StaticOnly
from tests.printing.conftest import NOW, assert_in_order, clause_texts, letters, margin_numbers, pdf_pages

NOTES = """# Statuts de l'association

## Article 1 — Objet

L'association héberge des services libres[^objet] pour ses membres.

1. Premier engagement.
2. Second engagement, celui qui compte[^second].
3. Troisième engagement.

| Service | Préavis |
|---|---|
| Courriel | six mois |

[^objet]: Au sens de la charte du collectif.
[^second]: Une note sur le second engagement.
"""


def test_a_version_pdf_holds_every_clause_in_order_with_its_number(client, demo):
    document = get_document("charte")
    version = get_version(document, document.head_number)
    response = client.get(f"/documents/charte/versions/{version.number}.pdf")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    assert 'filename="charte-v4.pdf"' in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data)
    title_page, text = pages[0], "\n".join(pages[2:])
    assert "Version 4" in title_page and "Charte" in title_page and "2026" in title_page
    assert "amendement n° 8" in title_page.lower().replace("\n", " ")  # what produced it
    # its fingerprint, to check the paper against the Markdown and the record (issue 18)
    assert version.sha256 in letters(title_page) and version.chain in letters(title_page)
    assert "Sommaire" in pages[1] and "Transparence" in pages[1]
    texts = [plain for _kind, plain in clause_texts(version.markdown)]
    assert_in_order(letters(text), [letters(plain)[:24] for plain in texts])
    # the clause numbers, in the left margin (left of the text, which starts 30 mm from the edge)
    assert margin_numbers(response.data) == list(range(1, len(clause_rows(version)) + 1))


def test_footnotes_sit_at_the_foot_of_their_page_and_lists_keep_their_numbers(client, app, people):
    services.create_document("statuts", "Statuts", NOTES, author=None, now=NOW)
    db.session.commit()
    pages = pdf_pages(client.get("/documents/statuts/versions/1.pdf").data)
    body = pages[2]
    assert "Au sens de la charte du collectif." in body and "Une note sur le second engagement." in body
    # below the text: the notes come after the last clause of the page, under the numbers of the text
    assert body.index("Au sens de la charte") > body.index("six mois")
    assert re.search(r"^1\s*Au sens de la charte", body, re.M) and re.search(r"^2\s*Une note", body, re.M)
    assert "2." in body and "3." in body  # each item is a clause of its own, and keeps its number


def test_an_amendment_pdf_shows_its_rationale_its_changes_and_its_vote(client, demo):
    amendment = db.session.scalar(select(Amendment).filter_by(status="accepted").order_by(Amendment.id))
    response = client.get(f"/amendments/{amendment.id}.pdf")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    text = "\n".join(pdf_pages(response.data))
    flat = letters(text)
    assert letters(amendment.title) in flat
    assert letters(re.sub(r"[*_`]", "", amendment.rationale))[:60] in flat
    assert re.search(r"Résultat :\s*adopté", text) and "Pour" in text and "Contre" in text
    assert "Clause " in text or "Article " in text


def test_the_diff_is_underlined_and_struck_through_not_only_coloured(client, demo):
    amendment = db.session.scalar(select(Amendment).filter_by(status="accepted").order_by(Amendment.id))
    with client.application.test_request_context("/"):
        html = render_template(
            "print/amendment.html",
            printed=printing_views.content.printed_amendment(amendment, None), printed_at=NOW, address="x")
    assert "<ins>" in html and "<del>" in html
    css = Path(client.application.static_folder, "css", "print.css").read_text(encoding="utf-8")
    assert re.search(r"^ins \{[^}]*text-decoration: underline", css, re.M)
    assert re.search(r"^del \{[^}]*text-decoration: line-through", css, re.M)


def test_the_dossier_prints_every_amendment_of_a_state_in_clause_order(client, demo):
    document = get_document("charte")
    response = client.get("/documents/charte/amendments.pdf?status=all")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    pages = pdf_pages(response.data)
    visible = db.session.scalars(select(Amendment).where(Amendment.document_id == document.id,
                                                         Amendment.status != "draft")).all()
    contents = letters(pages[1])
    for amendment in visible:
        assert letters(amendment.title)[:30] in contents
    head = get_version(document, document.head_number)
    position = {row.clause_id: n for n, row in enumerate(clause_rows(head))}
    firsts = [min((position[c] for c in a.changed_clauses if c in position), default=len(position))
              for a in sorted(visible, key=lambda a: contents.find(letters(a.title)[:30]))]
    assert firsts == sorted(firsts)
    voting = client.get("/documents/charte/amendments.pdf?status=voting")
    assert voting.status_code == 200
    voting_text = letters("".join(pdf_pages(voting.data)))
    for amendment in visible:
        assert (letters(amendment.title)[:30] in voting_text) == (amendment.status == "voting")


def test_a_bad_state_gets_a_sentence(client, demo):
    response = client.get("/documents/charte/amendments.pdf?status=n'importe")
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert "« n'importe » n'est pas un état d'amendement" in html


def test_a_draft_amendment_pdf_is_not_shown_to_a_visitor(client, demo):
    draft = db.session.scalar(select(Amendment).filter_by(status="draft"))
    assert client.get(f"/amendments/{draft.id}.pdf").status_code == 404


def test_a_version_pdf_is_made_once_then_kept(client, demo, monkeypatch):
    made = []
    real = printing_views.pdf_from_template
    monkeypatch.setattr(printing_views, "pdf_from_template", lambda *a, **k: made.append(1) or real(*a, **k))
    first = client.get("/documents/charte/versions/2.pdf")
    services.create_version(get_document("charte"), "# Charte\n\nAutre chose.\n", author=None, now=NOW,
                            summary="s")
    db.session.commit()  # the generation moves: kept pages are stale, the immutable version's PDF is not
    second = client.get("/documents/charte/versions/2.pdf")
    assert first.data == second.data and len(made) == 1
    again = client.get("/documents/charte/versions/2.pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_printing_fetches_nothing_but_the_apps_static_files(app, tmp_path):
    static = Path(app.static_folder).resolve()
    fetch = StaticOnly(static)
    assert fetch.fetch((static / "css" / "print.css").as_uri()).status == 200
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/x.css", (tmp_path / "secret").as_uri(),
                "file:///etc/passwd", static.as_uri() + "/../../config.py"):
        with pytest.raises(ValueError):
            fetch.fetch(url)


def test_the_first_two_pages_of_each_pdf_draw(client, demo, tmp_path):
    """Pictures for review (pdftoppm); here only that each page has ink on it."""
    for name, url in (("version", "/documents/charte/versions/4.pdf"), ("amendment", "/amendments/3.pdf"),
                      ("dossier", "/documents/charte/amendments.pdf?status=all")):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(client.get(url).data)
        subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "2", "-png", str(pdf), str(tmp_path / name)],
                       check=True)
        pictures = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pictures) == 2, name
        for picture in pictures:
            darkest = Image.open(picture).convert("L").getextrema()[0]
            assert darkest < 100, picture
