"""The reading pages: every page answers, 404s are pages, nothing inline breaks the CSP."""
from __future__ import annotations

import re

import pytest

from app.documents.queries import get_version
from tests.documents.helpers import charter

V2 = charter(3).replace("(article 2)", "(article 2, <b>chaque</b> année)")
V3 = V2.replace("## Article 3\n\nChaque membre publie ses comptes (article 3).\n\n", "") + "\nUn ajout final.\n"


@pytest.fixture
def document(make_document):
    return make_document("charte", charter(3), V2, V3, title="Charte du collectif")


PAGES = [
    "/documents", "/documents/charte", "/documents/charte/versions/1", "/documents/charte/history",
    "/documents/charte/compare", "/documents/charte/compare?from=1&to=3",
    "/documents/charte/compare?from=3&to=1&mode=side&context=full", "/documents/charte/compare?from=2&to=2",
    "/documents/charte/versions/2/blame", "/documents/charte/versions/3/blame",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_without_inline_script_or_style(client, document, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert "Charte du collectif" in html
    assert ' style="' not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_the_document_page_shows_each_clause_with_its_permalink(client, document):
    html = client.get("/documents/charte").get_data(as_text=True)
    for clause in get_version(document, 3).clauses:
        assert f'id="clause-{clause.clause_id}" class="clause' in html
        assert f'href="#clause-{clause.clause_id}"' in html
    assert 'aria-label="Permalink to clause 1"' in html or "Lien permanent" in html
    assert "/documents/charte/versions/3.md" in html and "/documents/charte/history" in html


def test_the_table_of_contents_lists_the_headings(client, document):
    html = client.get("/documents/charte").get_data(as_text=True)
    toc = html[html.index('class="doc-toc__list"'):html.index("</nav>", html.index('class="doc-toc__list"'))]
    assert "Article 1" in toc and "Article 2" in toc and "Article 3" not in toc


def test_an_older_version_says_it_is_not_the_current_text(client, document):
    html = client.get("/documents/charte/versions/1").get_data(as_text=True)
    assert "notice--warning" in html and "/documents/charte\"" in html


def test_compare_marks_words_and_folds_unchanged_clauses(client, document):
    html = client.get("/documents/charte/compare?from=1&to=3").get_data(as_text=True)
    assert "<ins>" in html and "<del>" in html and "diff-fold" in html
    # On the rendered text by default (issue 21): the <b> typed in the Markdown is bold, not shown.
    assert "<b><ins>" in html and "&lt;b&gt;" not in html and "## Article" not in html
    source = client.get("/documents/charte/compare?from=1&to=3&view=source").get_data(as_text=True)
    assert "&lt;b&gt;chaque&lt;/b&gt;" in source  # the source view: Markdown, escaped
    full = client.get("/documents/charte/compare?from=1&to=3&context=full").get_data(as_text=True)
    assert "diff-fold" not in full and full.count("diff-row--same") > 3


def test_compare_shows_a_moved_clause_as_moved(client, make_document):
    make_document("ordre", "Premier.\n\nDeuxième.\n\nTroisième.\n", "Deuxième.\n\nTroisième.\n\nPremier.\n")
    html = client.get("/documents/ordre/compare?from=1&to=2").get_data(as_text=True)
    assert "diff-row--moved" in html and "diff-row--removed" not in html and "diff-row--added" not in html


def test_the_history_of_a_clause_lists_each_change(client, document):
    clause = next(c for c in get_version(document, 2).clauses if "chaque" in c.text)
    html = client.get(f"/documents/charte/clauses/{clause.clause_id}").get_data(as_text=True)
    assert "/documents/charte/versions/1#clause-" in html and "/documents/charte/versions/2#clause-" in html
    assert "<ins>" in html


def test_the_history_of_a_removed_clause_says_when_it_ended(client, document):
    clause = next(c for c in get_version(document, 1).clauses if "(article 3)" in c.text)
    html = client.get(f"/documents/charte/clauses/{clause.clause_id}").get_data(as_text=True)
    assert "badge--rejected" in html and "/documents/charte/versions/3\"" in html


def test_blame_links_each_clause_to_the_version_that_last_changed_it(client, document):
    html = client.get("/documents/charte/versions/3/blame").get_data(as_text=True)
    assert "/documents/charte/versions/1#clause-" in html
    assert "/documents/charte/versions/2#clause-" in html and "/documents/charte/versions/3#clause-" in html


def test_markdown_download_is_the_exact_text(client, make_document):
    text = "# Titre\r\n\r\nDes accents : é, ü, 😀 — et des fins de ligne Windows.\r\n"
    make_document("crlf", text)
    response = client.get("/documents/crlf/versions/1.md")
    assert response.status_code == 200 and response.data == text.encode("utf-8")
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'inline; filename="crlf-v1.md"'


@pytest.mark.parametrize("url, status", [
    ("/documents/nope", 404), ("/documents/charte/versions/9", 404), ("/documents/charte/versions/0", 404),
    ("/documents/charte/versions/9.md", 404), ("/documents/charte/versions/9/blame", 404),
    ("/documents/charte/clauses/nope", 404), ("/documents/charte/compare?from=1&to=9", 404),
    ("/documents/charte/compare?from=abc&to=2", 400), ("/documents/charte/compare?from=%C2%B2&to=2", 400),
    ("/documents/charte/versions/99999999999999999999", 404),
])
def test_bad_addresses_are_finished_error_pages(client, document, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "<html" in response.get_data(as_text=True)


def test_two_headings_titled_alike_get_distinct_ids(client, make_document):
    make_document("statuts", "# Statuts\n\n## Engagements\n\nUn.\n\n## Vie\n\nDeux.\n\n## Engagements\n\nTrois.\n")
    page = client.get("/documents/statuts").get_data(as_text=True)
    assert page.count('id="engagements"') == 1 and page.count('id="engagements_2"') == 1


def test_the_history_says_how_much_each_version_changed_in_words(client, make_document):
    first = "Chaque organisation membre publie ses conditions d'utilisation et les tient à jour."
    second = "Elle dit où sont hébergées les données et quel droit s'y applique, sans détour."
    make_document("texte", f"# Titre\n\n{first}\n\n{second}",
                  f"# Titre\n\n{first.replace('publie', 'rédige et publie')}\n\n{second}\n\nUne clause nouvelle.")
    html = client.get("/documents/texte/history").get_data(as_text=True)
    size = html.split('<span class="change-size">')[1].split("</span>")[0]
    assert size == "1 clause ajoutée, 1 modifiée, 0 supprimée"  # shown to all, not "+1 ~1 −0"
