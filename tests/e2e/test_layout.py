"""Layout seen in a browser. At a phone's width (390 px) no page is wider than the screen: wide
tables scroll inside their box.

A page wider than the phone makes the whole page slide sideways under the reader's thumb
(the facilitator's administration page used to be 734 px wide: the visually hidden "Edit …"
labels of its tables escaped the tables' scrolling box).
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PAGES = ["/admin/", "/audit", "/documents/charte", "/documents/charte/compare?from=1&to=4&mode=side",
         "/amendments/10", "/organisations", "/applications/1", "/documents/charte/versions/4/blame"]


def test_no_page_is_wider_than_a_phone(page, live_server):
    log_in(page, live_server, "camille@chls.example")
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for path in PAGES:
        assert page.goto(live_server + path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert not too_wide, f"pages wider than the phone (px): {too_wide}"


def test_each_filter_of_the_record_stays_beside_its_menu_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/audit")
    for name in ("document", "organisation", "kind"):
        label = page.locator(f"label[for=filter-{name}]").bounding_box()
        menu = page.locator(f"#filter-{name}").bounding_box()
        assert abs((label["y"] + label["height"] / 2) - (menu["y"] + menu["height"] / 2)) < 12, name  # one line


def test_the_numbers_of_the_table_of_contents_second_column_have_room(page, live_server):
    """The numbers ("5.") hang in the gap between the columns: a narrow gap put them on the words."""
    page.goto(f"{live_server}/documents/charte")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.doc-toc__list > li')]
        .map(li => { const r = li.getBoundingClientRect(); return [r.left, r.right]; })""")
    lefts = sorted({round(left) for left, _right in boxes})
    assert len(lefts) == 2, boxes  # two columns at desktop width
    first_right = max(right for left, right in boxes if round(left) == lefts[0])
    assert lefts[1] - first_right >= 32, boxes


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_facilitator_s_header_holds_on_one_line_at_1280_px(page, live_server, language):
    """Logged in, the header used to wrap onto two lines (search, languages, your page, notifications,
    name, log out): search and notifications are icons named for screen readers, the name leads to
    "your page", and only the other language is offered."""
    log_in(page, live_server, "camille@chls.example")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server + "/")
    if language == "en":
        page.locator(".language-switch button[value=en]").click()
    page.goto(live_server + "/me")
    brand, logout = page.locator(".brand").bounding_box(), page.locator("form[action$='/logout'] button").bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (logout["y"] + logout["height"] / 2)) < 12
    assert page.get_by_role("button", name="Chercher" if language == "fr" else "Search").is_visible()
    assert page.get_by_role("link", name="Notifications", exact=False).first.is_visible()
    assert page.locator(".site-tools__notifications").get_attribute("href") == "/notifications"
    page.locator(".site-tools__account").click()
    assert page.url.endswith("/me")
