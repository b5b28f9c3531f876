"""Pages send a constant number of SQL statements, however many clauses and versions there are."""
from __future__ import annotations

import pytest

from app.documents.queries import get_version
from tests.documents.helpers import count_queries, paragraphs


def history(count: int, versions: int) -> list[str]:
    """`versions` texts of `count` paragraphs, each changing one more paragraph."""
    texts = [paragraphs(count)]
    for n in range(1, versions):
        texts.append(texts[-1].replace(f"Paragraphe {n}.", f"Paragraphe {n} (révisé).", 1))
    return texts


def queries_of(client, url: str) -> int:
    with count_queries() as seen:
        assert client.get(url).status_code == 200, url
    return len(seen)


@pytest.mark.parametrize("path", [
    "", "/versions/1", "/versions/3/blame", "/history", "/compare?from=1&to=3", "/compare?from=1&to=3&context=full",
])
def test_pages_query_count_does_not_grow_with_clauses_or_versions(client, make_document, path):
    make_document("small", *history(10, 3))
    make_document("large", *history(200, 6))
    client.get("/")  # what the app keeps for every page (the collective's identity) is read once, not counted
    small = queries_of(client, f"/documents/small{path}")
    large = queries_of(client, f"/documents/large{path}")
    assert small == large and small <= 8, (small, large)


def test_the_clause_history_query_count_is_constant(client, make_document):
    short = make_document("short", *history(10, 2))
    long = make_document("long", *history(200, 8))
    first = lambda document: get_version(document, 1).clauses[1].clause_id  # noqa: E731  (changed in version 2)
    client.get("/")  # what the app keeps for every page (the collective's identity) is read once, not counted
    small = queries_of(client, f"/documents/short/clauses/{first(short)}")
    large = queries_of(client, f"/documents/long/clauses/{first(long)}")
    assert small == large, (small, large)
