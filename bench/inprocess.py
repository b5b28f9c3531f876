"""Measurements made inside the app: SQL queries per page, version creation, rendering, compare."""
from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from sqlalchemy import event

from app.amendments import listing
from app.caching import pieces, shells
from app.documents import fragments, layouts, queries, services
from app.extensions import db
from app.text.clauses import split_clauses
from app.text.render import render_clauses
from bench.corpus import change_one_clause, document

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def timed(action, rounds: int) -> float:
    """The median duration of `action(round)` in milliseconds."""
    durations = []
    for round_ in range(rounds):
        started = time.perf_counter()
        action(round_)
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


@contextmanager
def counted():
    seen: list[str] = []

    def record(*_args) -> None:
        seen.append("")

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def page_queries(client, url: str) -> int:
    """How many SQL statements one GET of `url` sends."""
    with counted() as seen:
        assert client.get(url).status_code == 200, url
    return len(seen)


def cold_page_queries(app, client, url: str) -> int:
    """`page_queries` of a page built from nothing: what the worker kept for every reader (the pieces of
    pages, the versions' clauses as HTML, the amendment lists' outlines) dropped first, so that two worlds
    are counted alike."""
    forget_kept(app)
    return page_queries(client, url)


def forget_kept(app) -> None:
    """Nothing of the pages kept any more in `app` (pieces, shells, readers' own parts, clauses as HTML, layouts,
    outlines)."""
    app.extensions[pieces.STORE].clear()
    app.extensions[shells.OWN_STORE].clear()
    app.extensions.pop(fragments.FRAGMENTS, None)
    app.extensions.pop(layouts.LAYOUTS, None)
    app.extensions.pop(listing.OUTLINES, None)


def build(slug: str, clauses: int, total_bytes: int, versions: int) -> str:
    """A committed document of `versions` versions, each changing one clause; returns its last text."""
    text = document(clauses, total_bytes)
    target = services.create_document(slug, slug.title(), text, author=None, now=T0, summary="v1")
    db.session.commit()
    for n in range(1, versions):
        text = change_one_clause(text, n)
        services.create_version(target, text, author=None, now=T0 + timedelta(hours=n), summary=f"v{n + 1}")
        db.session.commit()
    return text


def version_costs(slug: str, text: str, rounds: int = 10) -> tuple[float, float]:
    """(ms to create a version changing one clause, ms to render the whole document)."""
    target = queries.find_document(slug)
    base = target.head_number

    def add(round_: int) -> None:
        nonlocal text
        text = change_one_clause(text, 1000 + round_)
        services.create_version(target, text, author=None, now=T0 + timedelta(days=base + round_), summary="bench")
        db.session.commit()

    one_clause = timed(add, rounds)
    whole = timed(lambda _round: render_clauses(split_clauses(text)), 3)
    return one_clause, whole


def compare_cost(client, url: str, rounds: int = 5) -> float:
    """The median ms of one in-process GET of a compare page or API call."""
    return timed(lambda _round: client.get(url), rounds)


def request_ms(client, url: str, rounds: int = 50) -> float:
    """The median ms of one in-process GET of `url` (no HTTP server, no load generator)."""
    client.get(url)
    return timed(lambda _round: client.get(url), rounds)
