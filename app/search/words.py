"""Words as search sees them, in pure Python: without accents, reduced to their French and English stems.

SQLite's FTS5 has no French stemmer, so the terms it indexes are stemmed here; PostgreSQL stems
with its own `french` and `english` configurations. Both use the Snowball algorithms, which is why
the words a result is highlighted on (computed here, the same on both engines) are the words it
was found by.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = (snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english"))
MAX_QUERY_WORDS = 12


def unaccented(text: str) -> str:
    """`text` in lower case without its diacritics: “Données” → “donnees”."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=20_000)
def stems(word: str) -> frozenset[str]:
    """The French and English stems of one word (accents removed first)."""
    plain = unaccented(word)
    return frozenset(stemmer.stemWord(plain) for stemmer in _STEMMERS)


def terms(text: str) -> str:
    """What SQLite indexes for `text`: every stem of every word, separated by spaces."""
    return " ".join(" ".join(sorted(stems(word))) for word in WORD.findall(text or ""))


def query_words(query: str) -> list[str]:
    """The words of what was typed (at most MAX_QUERY_WORDS), in order, without repeats."""
    seen: dict[str, None] = {}
    for word in WORD.findall(query or ""):
        seen.setdefault(unaccented(word), None)
    return list(seen)[:MAX_QUERY_WORDS]


def fts5_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every word, by any of its stems. None when nothing is searchable."""
    groups = []
    for word in query_words(query):
        alternatives = " OR ".join(f'"{stem}"' for stem in sorted(stems(word)) if stem)
        if alternatives:
            groups.append(f"({alternatives})")
    return " AND ".join(groups) or None


def highlight(text: str, query: str, *, before: int = 12, after: int = 24) -> str:
    """An HTML snippet of `text` around its first word found by `query`, found words in <mark>."""
    wanted = set().union(*(stems(word) for word in query_words(query))) if query_words(query) else set()
    words = list(WORD.finditer(text or ""))
    hits = [i for i, match in enumerate(words) if stems(match.group()) & wanted]
    if not words:
        return ""
    first = hits[0] if hits else 0
    start, end = max(first - before, 0), min(first + after, len(words) - 1)
    begin_at = words[start].start() if start else 0
    end_at = words[end].end() if end < len(words) - 1 else len(text)
    pieces, position = [], begin_at
    for index in (i for i in hits if start <= i <= end):
        match = words[index]
        pieces.append(html.escape(text[position:match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    pieces.append(html.escape(text[position:end_at]))
    prefix = "… " if begin_at > 0 else ""
    suffix = " …" if end_at < len(text) else ""
    return prefix + " ".join("".join(pieces).split()) + suffix
