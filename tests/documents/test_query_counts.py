"""Pages send a constant number of SQL statements, however many clauses and versions there are."""
from __future__ import annotations

import pytest

from app.amendments import services as amendment_services
from app.comments import services as comment_services
from app.db_types import utcnow
from app.documents.clauses import CHUNK
from app.documents.queries import get_version
from app.extensions import db
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


def busy_world(make_document, author, slug: str, clauses: int, *, amendments: int, comments: int):
    """A text of `clauses` paragraphs in three versions, `amendments` amendments (half on its second
    clause) and `comments` threads: its pages are measured against a smaller one's."""
    texts = history(clauses, 3)
    document = make_document(slug, *texts)
    head = get_version(document, document.head_number, with_clauses=True)
    ids = [c.clause_id for c in head.clauses]
    for n in range(amendments):
        target = ids[1] if n % 2 == 0 else ids[(n * 7) % len(ids)]
        words = texts[-1].split("\n\n")
        index = ids.index(target)
        words[index] = f"{words[index]} Amendement {n}."
        amendment_services.create_amendment(document, author=author, title=f"Amendement {n}", rationale="Car.",
                                            markdown="\n\n".join(words), base_number=head.number, now=utcnow(),
                                            target_clause_id=target)
    for n in range(comments):
        comment_services.comment_on_version(head, author=author, body=f"Avis {n}.", now=utcnow(),
                                            clause_id=ids[(n * 3) % len(ids)])
    db.session.commit()
    return ids[1]


@pytest.mark.parametrize("reader", ["visitor", "member_a"])
def test_the_pages_of_a_congress_send_the_queries_of_a_small_world(client, make_document, people, login_as,
                                                                    reader):
    """More clauses than one IN (...) holds (clauses.CHUNK), more amendments and threads: the same count."""
    small = busy_world(make_document, people["delegate_a"], "petit", 10, amendments=2, comments=3)
    large = busy_world(make_document, people["delegate_a"], "grand", CHUNK + 100, amendments=30, comments=60)
    if reader != "visitor":
        login_as(reader)
    client.get("/")  # what the app keeps for every page (the collective's identity) is read once, not counted
    for path in ("", "/compare?from=1&to=3", "/compare?from=1&to=3&context=full",
                 "/compare?from=2&to=3&view=source", "/amendments", "/amendments?clause={clause}"):
        counts = [queries_of(client, f"/documents/{slug}{path.format(clause=clause)}")
                  for slug, clause in (("petit", small), ("grand", large))]
        assert counts[0] == counts[1], (reader, path, counts)
