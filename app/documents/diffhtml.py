"""Diff operations as HTML: <ins> and <del> around escaped text, with words for screen readers.

Two views: the Markdown source (`inline_html`, `side_html`) and the rendered text (`rendered`,
made by app/text/htmldiff.py from the clauses' stored HTML).

The operations hold raw Markdown typed by people: every piece of text goes through
markupsafe's escaping, and only the tags written here are markup.
"""
from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.text import htmldiff

DELETE, EQUAL, INSERT = -1, 0, 1

Ops = list[tuple[int, str]]


def is_punctuation(text: str) -> bool:
    """A change of a comma, a full stop, a quote…: too small to see struck through on its own."""
    stripped = text.strip()
    return bool(stripped) and len(stripped) <= 3 and not any(ch.isalnum() for ch in stripped)


def _marked(tag: str, label: str, text: str) -> Markup:
    # Screen readers do not announce <ins>/<del>: a hidden word says what changed.
    opening = Markup(f'{tag} class="diff-punct"') if is_punctuation(text) else Markup(tag)
    return Markup('<{opening}><span class="visually-hidden">{label}</span>{text}'
                  '<span class="visually-hidden">]</span></{tag}>').format(opening=opening, tag=Markup(tag),
                                                                          label=label, text=text)


def change_labels() -> tuple[str, str]:
    """The hidden openings of an insertion and of a deletion, in the reader's language ("[supprimé : ")."""
    return (_("[%(change)s: ", change=_("inserted")), _("[%(change)s: ", change=_("deleted")))


def _piece(op: int, text: str, labels: tuple[str, str]) -> Markup:
    if op == INSERT:
        return _marked("ins", labels[0], text)
    if op == DELETE:
        return _marked("del", labels[1], text)
    return escape(text)


def inline_html(ops: Ops) -> Markup:
    """Both texts in one: deletions struck through, insertions underlined."""
    labels = change_labels()
    return Markup("").join(_piece(op, text, labels) for op, text in ops if text)


def side_html(ops: Ops) -> tuple[Markup, Markup]:
    """The old text with its deletions marked, and the new text with its insertions marked."""
    old = inline_html([(op, text) for op, text in ops if op != INSERT])
    new = inline_html([(op, text) for op, text in ops if op != DELETE])
    return old, new


def whole(op: int, text: str) -> Ops:
    """A clause added or removed as a whole."""
    return [(op, text)] if text else []


class Rendered:
    """A clause's change shown on the rendered text: inline, and each side for side by side.

    Each is made when first asked for (a page shows one or the other), and kept per worker:
    every reader compares the same versions (pure functions of their arguments).
    """

    def __init__(self, status: str, before: str | None, after: str | None):
        self.status, self.before, self.after = status, before, after
        self.labels = change_labels()

    @property
    def inline(self) -> Markup:
        return _inline(self.status, self.before, self.after, *self.labels)[0]

    @property
    def marks(self) -> int:
        """How many changes a reader sees (0: only the Markdown's layout changed)."""
        return _inline(self.status, self.before, self.after, *self.labels)[1]

    @property
    def old(self) -> Markup:
        return _sides(self.status, self.before, self.after, *self.labels)[0]

    @property
    def new(self) -> Markup:
        return _sides(self.status, self.before, self.after, *self.labels)[1]


def rendered(status: str, before: str | None, after: str | None) -> Rendered:
    """The change of one clause on its rendered text (its stored, sanitised HTML), in the reader's language."""
    return Rendered(status, before, after)


@lru_cache(maxsize=4096)
def _inline(status: str, before: str | None, after: str | None, inserted: str, deleted: str) -> tuple[Markup, int]:
    labels = htmldiff.Labels(inserted, deleted)
    if status == "same" or before == after:
        return Markup(htmldiff.without_ids(before or "")), 0
    if status == "added" or before is None:
        return Markup(htmldiff.whole(after or "", INSERT, labels)), 1
    if status == "removed" or after is None:
        return Markup(htmldiff.whole(before, DELETE, labels)), 1
    html, marks = htmldiff.diff_html(before, after, labels)
    return Markup(html), marks


@lru_cache(maxsize=1024)
def _sides(status: str, before: str | None, after: str | None, inserted: str, deleted: str) -> tuple[Markup, Markup]:
    if status in ("same", "added", "removed") or before is None or after is None or before == after:
        whole = _inline(status, before, after, inserted, deleted)[0]
        return (Markup(""), whole) if status == "added" else (whole, Markup("") if status == "removed" else whole)
    old, new = htmldiff.side_by_side(before, after, htmldiff.Labels(inserted, deleted))
    return Markup(old), Markup(new)


def forget_kept() -> None:
    """Drop the changes kept by this worker: the next compare is built from nothing (the benchmark's cold one)."""
    _inline.cache_clear()
    _sides.cache_clear()
