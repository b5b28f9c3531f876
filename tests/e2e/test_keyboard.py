"""Every journey with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrow keys and typing.

Nothing here clicks or fills a field by selector: the tests press keys and look at where the
focus is (document.activeElement) on the way, as someone without a mouse would. Addresses are
typed only to start a journey (page.goto), as one types them in the address bar. One test
selects words with the mouse first (by their position on screen), then goes on with the keys.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app import create_app
from app.db_types import utcnow
from app.demo.seed import seed
from app.extensions import db
from config import TestConfig
from tests.support.live import served

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One live demo for the whole module: each journey works on its own part of it."""
    path = tmp_path_factory.mktemp("keyboard") / "e2e.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", PROPAGATE_EXCEPTIONS=False,
                     TESTING=False)
    with app.app_context():
        db.create_all()
        seed(now=utcnow(), log=lambda _message: None)
        db.session.commit()
    with served(app) as base_url:
        yield base_url

# What the focused element is, whether it shows that it has the focus, whether it is what is looked for.
FOCUSED = """([selector, text]) => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e), box = e.getBoundingClientRect();
    const name = (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().replace(/\\s+/g, ' ');
    return {
        tag: e.tagName.toLowerCase(), id: e.id, classes: [...e.classList], name: e.getAttribute('name') || '',
        value: e.value || '', checked: !!e.checked, href: e.getAttribute('href') || '',
        label: e.getAttribute('aria-label') || '', text: (e.innerText || '').trim().replace(/\\s+/g, ' '),
        what: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${name.slice(0, 40)}`,
        stop: e.dataset.stop === undefined ? -1 : Number(e.dataset.stop),
        indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                   || style.boxShadow !== 'none',
        inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth,
        matches: !!selector && e.matches(selector) && (!text || name.includes(text)),
    };
}"""


def focused(page, selector: str = "", text: str = "") -> dict | None:
    return page.evaluate(FOCUSED, [selector, text])


def tab_to(page, selector: str, text: str = "", *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focus is on `selector` (named `text`), at most `limit` times."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page, selector, text)
        if now and now["matches"]:
            return now
        seen.append(now["what"] if now else "body")
    raise AssertionError(f"{selector} {text!r} not reached with {key} in {limit} presses: {seen}")


def press_and_wait(page, key: str = "Enter") -> None:
    """A key that follows a link or submits a form: wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_focus_visible(page) -> None:
    now = focused(page)
    assert now and now["indicator"], f"no visible focus indicator on {now}"
    assert now["inViewport"], f"the focused element is off screen: {now}"


def log_in_with_keys(page, base_url: str, email: str, start: str) -> None:
    """From `start`, reach the header's log-in link, log in and come back there."""
    page.goto(base_url + start)
    tab_to(page, "a.button", "Se connecter")
    assert_focus_visible(page)
    press_and_wait(page)
    tab_to(page, "input#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type("palabre-demo")
    press_and_wait(page)  # Enter in a field submits its form
    expect(page).to_have_url(re.compile(re.escape(start) + "$"))
    expect(page.locator(".site-tools__account")).to_be_visible()


def test_visitor_skips_to_the_text_its_contents_and_a_clause_permalink(page, live_server):
    page.goto(f"{live_server}/documents/charte")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert "skip-link" in skip["classes"] and skip["href"] == "#main"
    assert_focus_visible(page)  # hidden until focused, then on screen
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")  # the first link of the content, not the header's again
    first = focused(page)
    assert first["tag"] == "a"
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert first["text"] == "Textes"  # the breadcrumb

    entry = tab_to(page, ".doc-toc a", "Neutralité", limit=30)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(entry["href"]) + "$"))
    # Following the contents moves the keyboard there: the next Tab is in that clause.
    page.keyboard.press("Tab")
    permalink = focused(page)
    assert "clause__link" in permalink["classes"]
    assert permalink["href"] == entry["href"], "the permalink of the clause the contents pointed to"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(entry["href"]) + "$"))
    # Shift+Tab goes back to the margin of the clause before.
    page.keyboard.press("Shift+Tab")
    before = focused(page)
    # The clause's one control (issue 21): a disclosure named for its clause.
    assert page.evaluate("() => document.activeElement.matches('details.clause-menu > summary')")
    assert before["label"].startswith("Que faire de la clause")
    assert_focus_visible(page)


def clause_holding(page, text: str) -> str:
    """The id of the clause whose text holds `text` (read from the page, nothing pressed)."""
    return page.evaluate("""text => [...document.querySelectorAll('.clause')]
        .find(c => c.querySelector('.clause__body').textContent.includes(text))
        .id.replace('clause-', '')""", text)


def jump_by_contents(page, clause_id: str) -> None:
    """Get near a clause the way a keyboard reader does: the contents' entry of its section, then Enter."""
    target = page.evaluate("""id => {
        const listed = new Set([...document.querySelectorAll('.doc-toc a')].map(a => a.getAttribute('href')));
        let section = null;
        for (const clause of document.querySelectorAll('.clause')) {
            if (listed.has('#' + clause.id)) section = '#' + clause.id;
            if (clause.id === 'clause-' + id) return section;
        }
    }""", clause_id)
    tab_to(page, f'.doc-toc a[href="{target}"]', limit=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_member_logs_in_and_proposes_a_change_to_a_clause(page, live_server):
    log_in_with_keys(page, live_server, "bastien@la-clede.example", "/documents/charte")
    clause_id = clause_holding(page, "Documenter son installation")
    jump_by_contents(page, clause_id)
    tab_to(page, f'#clause-{clause_id} details.clause-menu > summary', limit=30)
    assert_focus_visible(page)
    page.keyboard.press("Enter")  # the menu opens; its links come next in the Tab order
    link = tab_to(page, f'.clause-menu a[href$="clause={clause_id}"]', limit=5)
    assert link["label"].startswith("Proposer une modification de la clause")
    assert_focus_visible(page)
    press_and_wait(page)

    tab_to(page, "input#title", limit=30)
    assert_focus_visible(page)
    page.keyboard.type("Publier la documentation d'installation")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "markdown"
    assert "Documenter son installation" in focused(page)["value"]
    page.keyboard.press("Control+End")
    page.keyboard.type(" Et la publier.")
    # The live preview follows the typing.
    expect(page.locator(".editor__diff ins").first).to_contain_text("publier")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "rationale"
    page.keyboard.type("Documenter sans publier ne sert à personne.")
    button = tab_to(page, "button[value=submit]", limit=5)
    assert button["text"] == "Proposer cet amendement"
    assert_focus_visible(page)
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier la documentation d'installation")
    expect(page.locator(".diff ins").first).to_contain_text("publier")


def test_member_comments_on_a_clause_and_replies_to_a_thread(page, live_server):
    log_in_with_keys(page, live_server, "bastien@la-clede.example", "/documents/manifeste")
    # A clause with no thread yet: its margin's "comment" link (the keyboard's way to comment on a passage).
    clause_id = page.evaluate("""() => [...document.querySelectorAll('.clause')]
        .find(c => !c.querySelector('.margin-threads') && c.querySelector('a[data-comment]'))
        .id.replace('clause-', '')""")
    jump_by_contents(page, clause_id)
    tab_to(page, f'#clause-{clause_id} details.clause-menu > summary', limit=30)
    page.keyboard.press("Enter")  # the clause's menu (issue 21)
    link = tab_to(page, f'#clause-{clause_id} a[data-comment]', limit=5)
    assert link["label"].startswith("Commenter la clause")
    assert_focus_visible(page)
    press_and_wait(page)

    tab_to(page, "textarea#quote", limit=30)
    quoted = page.locator(".clause-quote").inner_text().split()[1]
    page.keyboard.type(quoted)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "body"
    page.keyboard.type("Un commentaire écrit au clavier seulement.")
    assert tab_to(page, "button[type=submit]", limit=3)["text"] == "Publier"
    press_and_wait(page)
    # Back on the live text, at the clause (issue 21); its threads open from its margin.
    expect(page).to_have_url(re.compile(re.escape(f"/documents/manifeste#clause-{clause_id}") + "$"))
    tab_to(page, f"#clause-{clause_id} details.margin-threads > summary", limit=10)
    page.keyboard.press("Enter")
    thread = page.locator(".thread", has_text="au clavier seulement")
    expect(thread).to_be_visible()
    expect(thread.locator(".comment__quote")).to_have_text(quoted)

    # Someone else's thread, in the margin of another clause: open it and answer.
    page.goto(f"{live_server}/documents/manifeste")
    summary = tab_to(page, "details.margin-threads > summary", limit=200)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open"), "Enter opens the threads"
    expect(page.locator("details.margin-threads[data-loaded=yes] .thread").first).to_be_visible()  # loaded
    assert focused(page)["tag"] == "summary", "loading the threads leaves the focus where it was"
    tab_to(page, ".thread__reply summary", limit=20)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    reply = focused(page)
    assert reply["tag"] == "textarea" and reply["name"] == "body"
    page.keyboard.type("Une réponse, au clavier aussi.")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Répondre"
    press_and_wait(page)
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    expect(page.locator(".thread__replies", has_text="au clavier aussi")).to_be_visible()
    assert summary


def test_delegate_casts_a_ballot_with_arrow_keys_and_changes_it(page, live_server):
    log_in_with_keys(page, live_server, "yanis@campus-libre-lyon.example", "/votes")
    tab_to(page, "a", "Ajouter la sobriété à nos valeurs", limit=40)
    press_and_wait(page)

    radio = tab_to(page, "input[name=choice]", limit=80)
    assert radio["value"] == "for" and not radio["checked"], "Tab enters the group on its first choice"
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")
    radio = focused(page)
    assert radio["value"] == "against" and radio["checked"], "an arrow key moves and chooses"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "justification", "one Tab leaves the group"
    page.keyboard.type("Trop vague pour être tenu.")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Enregistrer le bulletin"
    assert_focus_visible(page)
    press_and_wait(page)
    expect(page.locator(".vote-panel .notice")).to_contain_text("« contre »")

    radio = tab_to(page, "input[name=choice]", limit=80)
    assert radio["value"] == "against" and radio["checked"], "Tab enters the group on the choice made"
    page.keyboard.press("ArrowUp")
    assert focused(page)["value"] == "for" and focused(page)["checked"]
    page.keyboard.press("Shift+Tab")  # and back: out of the group, then in again on "for"
    page.keyboard.press("Tab")
    assert focused(page)["value"] == "for"
    tab_to(page, "button[type=submit]", limit=3)
    assert focused(page)["text"] == "Modifier le bulletin"
    press_and_wait(page)
    expect(page.locator(".vote-panel .notice")).to_contain_text("« pour »")


def test_the_language_switch(page, live_server):
    page.goto(f"{live_server}/documents/charte")
    button = tab_to(page, ".language-switch button", limit=12)
    assert button["text"] == "English"
    assert_focus_visible(page)
    press_and_wait(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/documents/charte$"))
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    button = tab_to(page, ".language-switch button", limit=12)
    assert button["text"] == "Français"
    press_and_wait(page, "Space")  # a button answers Space as well as Enter
    expect(page).to_have_url(re.compile(r"/documents/charte$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # Logged in, the same switch (a form with its token) keeps the choice on the account.
    log_in_with_keys(page, live_server, "lea@campus-libre-lyon.example", "/amendments/11")
    tab_to(page, ".language-switch button", limit=12)
    press_and_wait(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/amendments/11$"))
    elsewhere = page.context.browser.new_context(locale="fr-FR")  # another browser, French by default
    try:
        other = elsewhere.new_page()
        log_in_with_keys(other, live_server, "lea@campus-libre-lyon.example", "/amendments/11")
        expect(other.locator("html")).to_have_attribute("lang", "en")
    finally:
        elsewhere.close()


# Every control a page shows, in document order; a group of radio buttons is one stop.
MARK_TABBABLE = """() => {
    const groups = new Set();
    // A control made unreachable (tabindex="-1") stays in the list: the sweep then reports it.
    const controls = 'a[href], button, input, select, textarea, summary';
    const stops = [...document.querySelectorAll(controls + ', [tabindex]')]
        .filter(e => (e.tabIndex >= 0 || e.matches(controls))
                     && !e.disabled && e.type !== 'hidden')
        .filter(e => e.checkVisibility())
        .filter(e => {
            if (e.type !== 'radio') return true;
            const key = (e.form ? e.form.action : '') + e.name;
            if (groups.has(key)) return false;
            groups.add(key);
            return true;
        });
    stops.forEach((e, i) => { e.dataset.stop = String(i); });
    document.querySelectorAll('input[type=radio]').forEach(r => {
        const first = stops.find(s => s.type === 'radio' && s.name === r.name && s.form === r.form);
        if (first) r.dataset.stop = first.dataset.stop;
    });
    return stops.length;
}"""
def sweep(page) -> list[str]:
    """Tab from the top to the end of the page: each control is reached once, in order, showing its focus."""
    count = page.evaluate(MARK_TABBABLE)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    problems, visited = [], []
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:
            break
        if now["stop"] in visited:  # back at the start: the page was gone through
            break
        visited.append(now["stop"])
        if now["stop"] < 0:
            problems.append(f"focus on an element the page does not show: {now['what']}")
        elif not now["indicator"] or not now["inViewport"]:
            problems.append(f"focus not visible on {now['what']}")
    if visited != list(range(count)):
        missing = sorted(set(range(count)) - set(visited))
        problems.append(f"{count} controls, reached in this order: {visited}; never reached: {missing}")
    return problems


def test_every_control_of_the_busy_pages_is_reached_by_tab_and_shows_its_focus(page, live_server):
    found = {}
    for path in ["/documents/charte/compare?from=1&to=4&mode=side", "/amendments/11", "/organisations"]:
        page.goto(live_server + path)
        found[path] = sweep(page)
    log_in_with_keys(page, live_server, "mathilde@la-clede.example", "/amendments/10")
    for path in ["/amendments/10", "/documents/charte/amendments/new", "/applications/1", "/account"]:
        page.goto(live_server + path)
        found[path] = sweep(page)
    assert {path: problems for path, problems in found.items() if problems} == {}


# Where the words are on screen, to select them with the mouse.
WORDS_AT = """([within, words]) => {
    const box = [...document.querySelectorAll(within)].find(c => c.textContent.includes(words));
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes(words)) {}
    const start = node.textContent.indexOf(words);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + words.length);
    range.startContainer.parentElement.scrollIntoView({block: 'center'});
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2];
}"""


def select_with_the_mouse(page, within: str, words: str) -> None:
    x1, y1, x2, y2 = page.evaluate(WORDS_AT, [within, words])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=5)
    page.mouse.up()
    assert page.evaluate("() => getSelection().toString().trim()") == words


def test_words_selected_with_the_mouse_then_tab_reaches_the_passage_comment(page, live_server):
    """Words selected in a clause or an amendment's diff: the next Tab is the button to comment on them."""
    # Sofie reads English.
    log_in_with_keys(page, live_server, "sofie@nuage-commun.example", "/documents/manifeste")
    select_with_the_mouse(page, ".clause__body", "logiciel libre")
    page.keyboard.press("Tab")
    button = focused(page)
    assert "selection-comment" in button["classes"] and button["text"] == "Comment on this passage"
    assert_focus_visible(page)
    press_and_wait(page)
    tab_to(page, "textarea#quote", limit=30)
    assert focused(page)["value"] == "logiciel libre"

    page.goto(f"{live_server}/amendments/11")
    words = page.evaluate("""() => {  // a word of the amendment's text, not of the hidden "[inserted:" marks
        const walker = document.createTreeWalker(document.querySelector('article.amendment .diff .diff-row .diff-prose'),
                                                 NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            const word = node.textContent.split(/\\s+/).find(w => /^[a-z]{5,}$/.test(w));
            if (word && !node.parentElement.closest('.visually-hidden')) return word;
        }
    }""")
    select_with_the_mouse(page, "article.amendment .diff .diff-row .diff-prose", words)
    page.keyboard.press("Tab")
    assert "selection-comment" in focused(page)["classes"]
    page.keyboard.press("Enter")  # the quote goes into the discussion form, the focus to the comment
    comment = focused(page)
    assert comment["tag"] == "textarea" and comment["name"] == "body"
    assert page.evaluate("() => document.activeElement.form.elements.quote.value") == words
