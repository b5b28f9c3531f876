"""Texts made to measure for the document tests, and a counter of SQL statements."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


def charter(articles: int = 3, *, words: str = "Chaque membre publie ses comptes") -> str:
    """A small charter: a title, a preamble, then per article a heading, a paragraph and a list."""
    parts = ["# Charte\n", "Préambule : ce que nous promettons.\n"]
    for n in range(1, articles + 1):
        parts += [f"## Article {n}\n", f"{words} (article {n}).\n", f"- premier point {n}\n- second point {n}\n"]
    return "\n".join(parts)


def paragraphs(count: int, *, size: int = 1) -> str:
    """A document of `count` distinct paragraphs of about `size` sentences each."""
    sentence = "Les membres s'engagent sur le point numéro {n}, sans exception ni délai. "
    return "\n".join(f"Paragraphe {n}. " + sentence.format(n=n) * size + "\n" for n in range(count))


@contextmanager
def count_queries():
    """Count the SQL statements sent inside the block: `with count_queries() as seen: …; len(seen)`."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
