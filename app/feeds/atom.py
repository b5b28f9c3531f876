"""Atom 1.0 documents built with ElementTree, so every piece of user text is escaped."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Characters XML 1.0 forbids even escaped: hostile text must not make the feed unparsable.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    """One item of a feed: `id` and `link` are absolute URLs, `summary` plain text, or `summary_html`
    sanitised HTML (what the page shows of Markdown someone typed)."""

    id: str
    title: str
    link: str
    updated: datetime
    author: str
    summary: str = ""
    summary_html: str = ""


def clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text or "")


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC, as Atom requires."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = clean(text)
    return element


def add_entry(feed: ET.Element, entry: Entry, author: str) -> None:
    element = add(feed, "entry")
    add(element, "id", entry.id)
    add(element, "title", entry.title, type="text")
    add(element, "link", rel="alternate", type="text/html", href=entry.link)
    add(element, "updated", iso(entry.updated))
    add(add(element, "author"), "name", entry.author or author)
    if entry.summary_html:
        add(element, "summary", entry.summary_html, type="html")
    elif entry.summary:
        add(element, "summary", entry.summary, type="text")


def build_feed(*, title: str, self_url: str, page_url: str, entries: list[Entry], author: str,
               logo_url: str | None = None) -> bytes:
    """The feed document, newest entries first; `author` (the collective) for entries of nobody in particular,
    and the collective's logo as the feed's <icon> and <logo> (RFC 4287 4.2.5, 4.2.8)."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", self_url)
    add(feed, "title", title, type="text")
    add(feed, "updated", iso(max((e.updated for e in entries), default=EPOCH)))
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=page_url)
    add(add(feed, "author"), "name", author)
    add(feed, "generator", "Palabre")
    if logo_url:
        add(feed, "icon", logo_url)
        add(feed, "logo", logo_url)
    for entry in sorted(entries, key=lambda e: (e.updated, e.id), reverse=True):
        add_entry(feed, entry, author)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
