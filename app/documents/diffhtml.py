"""Diff operations as HTML: <ins> and <del> around escaped text, with words for screen readers.

The operations hold raw Markdown typed by people: every piece of text goes through
markupsafe's escaping, and only the tags written here are markup.
"""
from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

DELETE, EQUAL, INSERT = -1, 0, 1

Ops = list[tuple[int, str]]


def is_punctuation(text: str) -> bool:
    """A change of a comma, a full stop, a quote…: too small to see struck through on its own."""
    stripped = text.strip()
    return bool(stripped) and len(stripped) <= 3 and not any(ch.isalnum() for ch in stripped)


def _marked(tag: str, label: str, text: str) -> Markup:
    # Screen readers do not announce <ins>/<del>: a hidden word says what changed.
    opening = Markup(f'{tag} class="diff-punct"') if is_punctuation(text) else Markup(tag)
    return Markup('<{opening}><span class="visually-hidden">[{label}: </span>{text}'
                  '<span class="visually-hidden">]</span></{tag}>').format(opening=opening, tag=Markup(tag),
                                                                          label=label, text=text)


def _piece(op: int, text: str) -> Markup:
    if op == INSERT:
        return _marked("ins", _("inserted"), text)
    if op == DELETE:
        return _marked("del", _("deleted"), text)
    return escape(text)


def inline_html(ops: Ops) -> Markup:
    """Both texts in one: deletions struck through, insertions underlined."""
    return Markup("").join(_piece(op, text) for op, text in ops if text)


def side_html(ops: Ops) -> tuple[Markup, Markup]:
    """The old text with its deletions marked, and the new text with its insertions marked."""
    old = inline_html([(op, text) for op, text in ops if op != INSERT])
    new = inline_html([(op, text) for op, text in ops if op != DELETE])
    return old, new


def whole(op: int, text: str) -> Ops:
    """A clause added or removed as a whole."""
    return [(op, text)] if text else []
