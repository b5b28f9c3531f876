"""What independent validators measured in the browser (issue 23.2, 23.9): the focus ring stands out
from what is behind it (3:1, WCAG 2.2 SC 1.4.11), the margin's links are targets of 24×24 CSS
pixels at least (SC 2.5.8), and no link without an address lies in the document page.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import log_in
from tests.e2e.test_keyboard import live_server, select_with_the_mouse  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

# The focused element's ring colour, and the colour just outside it: the first opaque background
# under a point beside the element, the element and what it holds left out.
RING_AND_BEHIND = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e), box = e.getBoundingClientRect();
    const gap = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
    const x = box.left - gap >= 0 ? box.left - gap : box.right + gap, y = box.top + box.height / 2;
    let behind = 'rgb(255, 255, 255)';
    for (const under of document.elementsFromPoint(x, y)) {
        if (under === e || e.contains(under)) continue;
        const colour = getComputedStyle(under).backgroundColor;
        if (colour !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(colour)) { behind = colour; break; }
    }
    const what = `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${(e.innerText || '').trim().slice(0, 30)}`;
    return {ring: style.outlineColor, width: parseFloat(style.outlineWidth), behind, what};
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def weak_rings(page, presses: int) -> list[str]:
    """Tab `presses` times from the top; each focus ring under 3:1 against what is behind it."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    weak, seen = [], 0
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING_AND_BEHIND)
        if ring is None:
            break
        seen += 1
        ratio = contrast(ring["ring"], ring["behind"])
        if ring["width"] < 2 or ratio < 3:
            weak.append(f"{ring['what']}: {ring['ring']} on {ring['behind']} = {ratio:.2f}:1")
    assert seen > 10
    return weak


def test_the_focus_ring_has_3_to_1_against_the_page_the_panels_and_the_header(page, live_server):  # noqa: F811
    found = {}
    for path in ["/documents/charte", "/amendments/11", "/documents/charte/compare?from=1&to=4&mode=side"]:
        page.goto(live_server + path)
        found[path] = weak_rings(page, 60)
    assert {path: weak for path, weak in found.items() if weak} == {}


def test_the_margin_links_are_targets_of_24_by_24_pixels_at_least(page, live_server):  # noqa: F811
    page.goto(f"{live_server}/documents/charte")
    page.locator("details.clause-menu summary").nth(3).click()  # an open menu's links are measured too
    sizes = page.evaluate("""() => [...document.querySelectorAll(
            '.clause__margin a, .clause__margin summary')]
        .filter(e => e.getClientRects().length)
        .map(e => { const box = e.getBoundingClientRect();
                    return [e.textContent.trim().slice(0, 30), box.width, box.height]; })""")
    assert len(sizes) > 20
    assert [size for size in sizes if size[1] < 24 or size[2] < 24] == []


def test_the_document_page_has_no_link_without_an_address_before_or_after_a_selection(page,  # noqa: F811
                                                                                     live_server):
    page.goto(f"{live_server}/documents/manifeste")
    without_href = "() => document.querySelectorAll('a:not([href])').length"
    assert page.evaluate(without_href) == 0  # a visitor's page
    log_in(page, live_server, "sofie@nuage-commun.example")
    page.goto(f"{live_server}/documents/manifeste")
    assert page.evaluate(without_href) == 0  # a member's, who may comment on a passage
    select_with_the_mouse(page, ".clause__body", "logiciel libre")
    page.wait_for_selector("a.selection-comment[href]")
    page.evaluate("() => getSelection().removeAllRanges()")
    page.wait_for_function("() => !document.querySelector('a.selection-comment')")
    assert page.evaluate(without_href) == 0


def test_every_page_has_a_description(page, live_server):  # noqa: F811
    """Issue 23.9: Lighthouse's SEO audit wants a meta description."""
    for path in ["/", "/documents/charte", "/amendments/11", "/login"]:
        page.goto(live_server + path)
        description = page.evaluate("() => document.querySelector('meta[name=description]')?.content || ''")
        assert len(description) > 40, path
