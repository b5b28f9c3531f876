"""A feed reader's journey: find the document's feed link in the page, follow it, read valid Atom."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"


def test_document_page_links_a_readable_feed(page, live_server):
    page.goto(f"{live_server}/documents/charte")
    href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert href == "/documents/charte/feed.atom"
    response = page.request.get(live_server + href)
    assert response.ok and response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.body())
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(entry.find(f"{ATOM}link").get("href").startswith(live_server) for entry in entries)
