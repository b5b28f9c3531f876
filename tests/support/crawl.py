"""Walking the app as people do: every link reachable from the home page, fetched in-process.

Two main paths once answered 500 with the whole suite green (issue 21): no test followed the
links a person follows. The crawl fetches every page a role can reach by links from `/`, and
reports each one that answers 5xx (or raises, as the tests re-raise unexpected errors) with
the page that linked to it.

To stay fast (seconds, not minutes) it samples pages that differ only by their data: the same
endpoint with the same path arguments is fetched with at most QUERY_VARIANTS query strings
(filters, page numbers, compare modes), and an endpoint with at most PER_ENDPOINT different path
arguments (the 200 clauses of a text share one template) — except the pages whose state differs
from one object to the next (EVERY_ONE: each amendment, organisation, application, version).
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException

HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')
QUERY_VARIANTS = 2
PER_ENDPOINT = 6
EVERY_ONE = {"amendments.show", "amendments.edit", "members.organisation", "applications.show",
             "documents.show", "documents.version", "votes.show"}
# Addresses a click should not follow in a crawl: leaving (GET /logout is no page), downloads
# whose size grows with the whole collective.
SKIPPED = ("/static/", "/admin/export")


@dataclass
class Crawl:
    """What a crawl saw: every address fetched with its status, and where each was linked from."""

    statuses: dict[str, int] = field(default_factory=dict)
    linked_from: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def broken(self) -> dict[str, str]:
        """Address -> what went wrong and where the link was, for each 5xx or exception."""
        found = {url: f"{status} (linked from {self.linked_from.get(url)})"
                 for url, status in self.statuses.items() if status >= 500}
        found.update({url: f"{error} (linked from {self.linked_from.get(url)})" for url, error in self.errors.items()})
        return found


def links_of(html: str, base_path: str) -> list[str]:
    """The site's own addresses a page links to, without fragments."""
    found = []
    for href in HREF.findall(html):
        href = unescape(href).split("#")[0]
        if not href:
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # another site, mailto:, or a relative link (the app writes none)
        found.append(href)
    return found


def shape(app, url: str) -> tuple:
    """What makes two addresses the same kind of page: endpoint and path arguments."""
    parts = urlsplit(url)
    try:
        endpoint, args = app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:
        return ("unknown", parts.path)
    return (endpoint, tuple(sorted((k, str(v)) for k, v in args.items())))


def crawl(app, client, start: str = "/", limit: int = 2000) -> Crawl:
    """Follow every link from `start` with `client` (its cookies: its role)."""
    seen = Crawl()
    variants: dict[tuple, int] = {}
    instances: dict[str, int] = {}
    queue = deque([(start, None)])
    queued = {start}
    while queue and len(seen.statuses) + len(seen.errors) < limit:
        url, parent = queue.popleft()
        seen.linked_from[url] = parent or "(start)"
        try:
            response = client.get(url)
        except Exception as error:  # the tests re-raise what would be a 500
            seen.errors[url] = f"{type(error).__name__}: {error}"
            continue
        seen.statuses[url] = response.status_code
        if response.status_code != 200 or not response.mimetype == "text/html":
            response.close()
            continue
        for link in links_of(response.get_data(as_text=True), url):
            if link in queued or link.startswith(SKIPPED):
                continue
            key = shape(app, link)
            if "?" in link:
                if variants.get(key, 0) >= QUERY_VARIANTS:
                    continue
                variants[key] = variants.get(key, 0) + 1
            elif key[0] not in EVERY_ONE:
                if instances.get(key[0], 0) >= PER_ENDPOINT:
                    continue
                instances[key[0]] = instances.get(key[0], 0) + 1
            queued.add(link)
            queue.append((link, url))
    return seen
