"""The journeys Palabre exists for, in a real Chromium: propose, vote, comment, read."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.votes.models import Vote
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def open_threads(page, clause_text: str) -> None:
    """Open the margin's threads of the clause holding `clause_text`: they load when opened."""
    details = page.locator(".clause", has_text=clause_text).locator(".margin-threads").first
    details.locator("summary").first.click()
    expect(details.locator(".thread").first).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()


def test_member_proposes_a_change_to_one_clause(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    clause.locator("details.clause-menu summary").click()  # one quiet control per clause (issue 21)
    clause.locator(".clause-menu a", has_text="proposer une modification").click()
    editor = page.get_by_label("Texte proposé")
    expect(editor).to_have_value(re.compile("Documenter son installation"))
    editor.fill("3. Documenter son installation et la publier, pour que d'autres puissent la reproduire.")
    page.get_by_role("button", name="Prévisualiser les changements").click()
    expect(page.locator(".editor__diff ins").first).to_contain_text("et la publier")
    page.get_by_label("Titre de l’amendement").fill("Publier la documentation d'installation")
    page.get_by_label("Pourquoi ce changement ?").fill("Documenter sans publier ne sert à personne.")
    page.get_by_role("button", name="Proposer cet amendement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier la documentation d'installation")
    expect(page.locator(".diff ins").first).to_contain_text("et la publier")
    page.goto(f"{live_server}/documents/charte/amendments")
    expect(page.get_by_role("link", name="Publier la documentation d'installation")).to_be_visible()


def test_delegate_casts_changes_and_sees_the_result(page, live_server, live_app):
    log_in(page, live_server, "yanis@campus-libre-lyon.example")
    page.goto(f"{live_server}/votes")
    page.get_by_role("link", name="Ajouter la sobriété à nos valeurs").click()
    page.get_by_label("Contre").check()
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    expect(page.locator(".ballot", has_text="Campus Libre")).to_contain_text("contre")
    page.get_by_label("Pour", exact=True).check()
    page.get_by_role("button", name="Modifier le bulletin").click()
    expect(page.locator(".ballot", has_text="Campus Libre")).to_contain_text("pour")
    with live_app.app_context():  # the deadline passes
        vote = db.session.scalar(select(Vote).where(Vote.status == "open"))
        vote.closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    page.reload()
    expect(page.locator(".vote-panel__state")).to_contain_text("adopt")
    page.locator(".notice--success a").click()
    expect(page).to_have_url(re.compile(r"/documents/manifeste/versions/4"))
    expect(page.locator(".doc-text")).to_contain_text("sobriété")


def test_comment_on_a_passage_answered_and_resolved(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/manifeste")
    page.evaluate("""() => {
        const clause = [...document.querySelectorAll('.clause')].find(c => c.textContent.includes('logiciel libre'));
        const walker = document.createTreeWalker(clause.querySelector('.clause__body'), NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode()) && !node.textContent.includes('logiciel libre')) {}
        const start = node.textContent.indexOf('logiciel libre');
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + 'logiciel libre'.length);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    page.get_by_role("link", name="Commenter ce passage").click()
    # The margin takes the comment in place (issue 21); the reader stays on the text.
    form = page.locator("form.margin-comment")
    expect(form.locator(".comment__quote")).to_have_text("logiciel libre")
    form.get_by_label("Votre commentaire").fill("Faut-il préciser *quelles* licences ?")
    form.get_by_role("button", name="Publier").click()
    thread = page.locator(".clause__margin .thread", has_text="quelles")
    expect(thread).to_contain_text("logiciel libre")
    expect(page).to_have_url(f"{live_server}/documents/manifeste")
    log_out(page)
    log_in(page, live_server, "yanis@campus-libre-lyon.example")
    page.goto(f"{live_server}/documents/manifeste")
    open_threads(page, "logiciel libre")
    thread = page.locator(".thread", has_text="quelles")
    thread.locator("summary", has_text="Répondre").click()
    thread.get_by_label("Votre réponse").fill("Toutes celles que la FSF ou l'OSI reconnaissent.")
    thread.get_by_role("button", name="Répondre").click()
    page.wait_for_url(re.compile(r"/clauses/[^/]+/comments#comment-\d+$"))  # the clause's discussion
    thread = page.locator(".thread", has_text="quelles")
    expect(thread).to_contain_text("l'OSI reconnaissent")
    thread.get_by_role("button", name="Marquer comme résolu").first.click()
    expect(page.get_by_role("status")).to_contain_text("résolu")


def test_reader_follows_a_permalink_and_compares_versions(page, live_server):
    page.goto(f"{live_server}/documents/charte")
    link = page.locator(".clause", has_text="Ne pas afficher de publicité").locator("a.clause__link")
    link.click()
    expect(page).to_have_url(re.compile(r"#clause-[a-z0-9]+$"))
    target = page.url.split("#")[1]
    expect(page.locator(f"#{target}")).to_contain_text("publicité")
    page.get_by_role("link", name="Comparer des versions").click()
    page.get_by_label("De la version").select_option("1")
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator(".diff-row ins").first).to_be_visible()
    expect(page.locator(".diff-row del").first).to_be_visible()


def test_a_passage_of_an_amendment_s_diff_is_quoted_as_it_reads(page, live_server):
    """The words hidden for screen readers ("[ajouté : …]") stay out of the quote."""
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/amendments/12")
    page.evaluate("""() => {
        const inserted = document.querySelector('article.amendment .diff ins');
        const range = document.createRange(); range.selectNodeContents(inserted);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    page.get_by_role("button", name="Commenter ce passage").click()
    quote = page.locator("#amendment-comment-form textarea[name=quote]")
    expect(quote).to_have_value(re.compile(r"^, et publier cette durée, avec sa justification"))
    expect(quote).not_to_have_value(re.compile(r"\[|\]"))
