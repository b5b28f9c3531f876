"""The Atom builder on its own: characters XML forbids never make a feed unparsable."""
from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from app.feeds.atom import Entry, build_feed


def test_control_characters_are_replaced_and_markup_escaped():
    entry = Entry(id="https://x.example/a/1", title="<script>\x00\x07\ud800", link="https://x.example/a/1",
                  updated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc), author="A", summary="]]>&")
    body = build_feed(title="T", self_url="https://x.example/f", page_url="https://x.example/", entries=[entry],
                      author="Collectif")
    feed = ET.fromstring(body)
    assert b"<script" not in body
    assert feed.find("{http://www.w3.org/2005/Atom}updated").text == "2026-01-02T03:04:05+00:00"


def test_an_empty_feed_is_valid():
    body = build_feed(title="T", self_url="https://x.example/f", page_url="https://x.example/", entries=[], author="Collectif")
    assert ET.fromstring(body).find("{http://www.w3.org/2005/Atom}updated").text.startswith("1970")
