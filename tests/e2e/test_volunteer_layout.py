"""What a volunteer hit on a phone (issue 21, point 7): a long title without spaces widened the page
to 4,000 px, and the "comment on this passage" button left the screen (squeezed against its edge, letter by letter)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.amendments import services as amendment_services
from app.db_types import utcnow
from app.documents.queries import get_document, get_version
from app.extensions import db
from app.members.models import Person
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

LONG_TITLE = "Amendement" + "x" * 190  # 200 characters without a space


def long_titled_amendment(live_app) -> int:
    with live_app.app_context():
        document = get_document("charte")
        author = db.session.scalar(select(Person).where(Person.email == "bastien@la-clede.example"))
        markdown = get_version(document, document.head_number).markdown.replace("Documenter son installation", "Documenter toute son installation")
        amendment = amendment_services.create_amendment(
            document, author=author, title=LONG_TITLE, rationale="Un mot" + "y" * 300, markdown=markdown,
            base_number=document.head_number, now=utcnow())
        db.session.commit()
        return amendment.id


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_title_without_spaces_does_not_widen_the_page(page, live_app, live_server, width):
    amendment_id = long_titled_amendment(live_app)
    page.set_viewport_size({"width": width, "height": 900})
    too_wide = {}
    for path in (f"/amendments/{amendment_id}", "/amendments", "/documents/charte/amendments",
                 "/organisations/la-clede", "/"):
        assert page.goto(live_server + path).status == 200, path
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[path] = scroll_width
    assert not too_wide, f"pages wider than {width} px: {too_wide}"


def test_the_comment_button_stays_on_a_phone_s_screen(page, live_server):
    log_in(page, live_server, "bastien@la-clede.example")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/documents/charte")
    # Select the last letters of a line of a clause: at the right edge of the screen.
    page.evaluate("""() => {
        const body = [...document.querySelectorAll('.clause .clause__body')]
            .find(el => el.textContent.includes('Documenter son installation'));
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        let best = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent;
            for (let i = 0; i < text.length - 2; i++) {  // the last letters of a line: at the right edge
                const range = document.createRange();
                range.setStart(node, i); range.setEnd(node, i + 2);
                const rect = range.getBoundingClientRect();
                if (rect.width && rect.height < 30 && (!best || rect.left > best.rect.left)) best = {range, rect};
            }
        }
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(best.range);
    }""")
    button = page.locator(".selection-comment").first
    button.wait_for(state="visible")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["height"] < 36, box  # on one line, not squeezed into a column of letters by the screen's edge
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
