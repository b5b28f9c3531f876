"""A version's layout: its clauses' ids and rendering ids in order, kept per worker (versions never change).

Comparing two versions a few merges apart must cost what changed, not what the text weighs. A
congress's versions have 1,300 clauses each: reading both versions' rows and the HTML of every
unchanged clause again for each compare grew with the text. A layout is read once per version
(one query) and kept, like the HTML of a version's text (app/documents/fragments.py): aligning two
versions is then comparing two lists in Python, and only the changed clauses' renderings are read.

A compare folds the clauses it kept in place: a fold shows them as they read, clause after clause
(app/documents/compare.Row.body). The layout holds, for each view, every clause as a fold shows it,
joined once into one string with where each clause starts: a stretch of kept clauses is one slice,
already without its ids and its direction controls (what Jinja's `finalize` would remove).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from flask import current_app

from app.caching.store import BoundedStore
from app.documents import queries
from app.documents.compare import folded_clause, heading_words

LAYOUTS = "document_layouts"  # where each worker keeps them (app.extensions)
LAYOUT_BYTES = 24 * 1024 * 1024  # a congress's version weighs about 3 MB here, its two views made


@dataclass
class Layout:
    """One version's clauses in order: ids, rendering ids, headings, and each view's folded text."""

    ids: list[str]
    rendered: list[int]
    sources: list[str]
    htmls: list[str]
    at: dict[str, int] = field(init=False)
    # The places of the clauses that are headings, in order, and their words.
    heading_places: list[int] = field(init=False)
    heading_texts: list[str] = field(init=False)
    folded: dict[str, tuple[str, list[int]]] = field(init=False, default_factory=dict)

    def __post_init__(self):
        self.at = {clause_id: place for place, clause_id in enumerate(self.ids)}
        headings = [(place, words) for place, words in enumerate(map(heading_words, self.sources)) if words]
        self.heading_places = [place for place, _words in headings]
        self.heading_texts = [words for _place, words in headings]

    @property
    def size(self) -> int:
        """Roughly what it weighs in bytes (for the worker's bounded store): its strings, both views made."""
        return 4 * sum(map(len, self.htmls)) + 4 * sum(map(len, self.sources)) + 200 * len(self.ids)

    def last_heading(self, start: int, end: int) -> str:
        """The words of the last heading among clauses start..end-1; "" when none is a heading."""
        k = bisect_right(self.heading_places, end - 1) - 1
        return self.heading_texts[k] if k >= 0 and self.heading_places[k] >= start else ""

    def fold_text(self, view: str, start: int, end: int) -> str:
        """Clauses start..end-1 as a fold shows them in `view`: one slice of strings joined once."""
        if view not in self.folded:
            shown = [folded_clause(view, source, html) for source, html in zip(self.sources, self.htmls)]
            self.folded[view] = ("".join(shown), [0, *accumulate(map(len, shown))])
        text, starts = self.folded[view]
        return text[starts[start]:starts[end]]


def layouts(*versions) -> list[Layout]:
    """The layouts of `versions`, from this worker's store; those missing read now, in one query."""
    store = current_app.extensions.get(LAYOUTS)
    if store is None:
        store = current_app.extensions[LAYOUTS] = BoundedStore(
            current_app.config.get("LAYOUT_CACHE_BYTES", LAYOUT_BYTES))
    keys = [(version.id, version.created_at) for version in versions]
    found = {key: store.get(key) for key in keys}
    missing = [version for version, key in zip(versions, keys) if found[key] is None]
    if missing:
        rows: dict[int, list] = {version.id: [] for version in missing}
        for row in queries.layout_rows(missing):
            rows[row[0]].append(row[1:])
        for version in missing:
            columns = [list(column) for column in zip(*rows[version.id])]
            key = (version.id, version.created_at)
            found[key] = Layout(*(columns or ([], [], [], [])))
            store.put(key, found[key])
    return [found[key] for key in keys]


def forget() -> None:
    """Drop this worker's layouts (a benchmark's compare from nothing)."""
    current_app.extensions.pop(LAYOUTS, None)
