"""Commenting in the margin, in place (issue 21): the reader stays on the text, and the new thread
shows beside its clause; without JavaScript the same link leads to the clause's discussion page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_comment_is_written_and_shown_beside_its_clause(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    clause.locator("details.clause-menu summary").click()
    clause.locator("a[data-comment]").first.click()
    form = clause.locator("form.margin-comment")
    form.get_by_label("Votre commentaire").fill("Un avis écrit dans la marge.")
    form.get_by_role("button", name="Publier").click()
    expect(clause.locator(".clause__margin")).to_contain_text("Un avis écrit dans la marge.")
    assert page.url == f"{live_server}/documents/charte"


def test_the_margin_has_one_quiet_control_per_clause_and_quotes_are_highlighted(page, live_server):
    """Issue 21: not three links on every clause but one menu (keyboard-operable, named, ≥ 24 px); the
    words a thread quotes are highlighted in the clause once its threads are shown."""
    log_in(page, live_server, "bastien@la-clede.example")
    page.goto(f"{live_server}/documents/charte")
    clause = page.locator(".clause", has_text="Documenter son installation")
    margin = clause.locator(".clause__margin")
    expect(margin.locator("a:visible")).to_have_count(0)
    toggle = margin.locator("details.clause-menu > summary")
    expect(toggle).to_have_attribute("aria-label", re.compile(r"^Que faire de la clause \d+$"))
    box = toggle.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    toggle.focus()
    page.keyboard.press("Enter")
    expect(margin.locator("a:visible")).to_have_count(3)  # comment, propose a change, history
    page.keyboard.press("Escape")
    expect(margin.locator("a:visible")).to_have_count(0)
    expect(toggle).to_be_focused()

    # A passage quoted by a new thread is marked in the text once the threads show beside it.
    page.evaluate("""() => { const clause = [...document.querySelectorAll('.clause')]
        .find(c => c.textContent.includes('Documenter son installation'));
        const text = clause.querySelector('.clause__body li').firstChild;
        const range = document.createRange(); range.setStart(text, 0); range.setEnd(text, 'Documenter son'.length);
        getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    page.locator("a.selection-comment").click()
    form = clause.locator("form.margin-comment")
    form.get_by_label("Votre commentaire").fill("Documenter quoi, au juste ?")
    form.get_by_role("button", name="Publier").click()
    expect(clause.locator(".clause__body mark.quote-mark")).to_have_text("Documenter son")
