"""Hostile or broken input: bounded time, no exception, inert output, exact round trip."""
from __future__ import annotations

import random

import pytest

from app.text import bounded, guard
from app.text.clauses import join_clauses, split_clauses
from app.text.diff import apply_diff, diff_documents, diff_words
from app.text.identity import assign_ids
from app.text.render import render_clauses, render_markdown, sanitize_html
from tests.text.limits import time_limit
from tests.text.work import counting
from tests.text.xss_check import assert_inert

HOSTILE = {
    "nested quotes": ">" * 10_000 + " x",
    "spaced quotes": "> " * 10_000 + "x",
    "open brackets": "[" * 10_000 + "x",
    "balanced brackets": "[" * 10_000 + "x" + "]" * 10_000,
    "unclosed links": "[a](" * 5_000,
    "backticks": "`" * 20_000,
    "underscores": "_a " * 20_000,
    "angle tags": "<a " * 20_000,
    "nested list": "".join(" " * (2 * i) + "- x\n" for i in range(2_000)),
    "one-line lists": "- " * 5_000 + "x",
    "nested divs": "<div>" * 20_000,
    "nested blank divs": "<div>\n\n" * 5_000,
    "headings": "# a\n" * 3_000,
    "footnote refs": "[^1] " * 3_000 + "\n\n[^1]: x\n",
    "5 MB line": ("lorem ipsum dolor sit amet " * 200_000)[:5_000_000],
    "NUL bytes": "a\x00b\x00\x00c\n\n- \x00\n",
    "bogus comments": "a <!--> b\n\nc <!---> d </ e\n\n`</` and `</`\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_markdown_renders_quickly_and_inert(name):
    text = HOSTILE[name]
    with time_limit(10):
        html = render_markdown(text)
        clauses = split_clauses(text)
        pieces = render_clauses(clauses)
    assert join_clauses(clauses) == text
    assert_inert(html)
    for piece in pieces:
        assert_inert(piece)


def test_guard_refuses_what_would_be_slow_and_keeps_ordinary_text():
    assert not guard.is_renderable(HOSTILE["open brackets"])
    assert not guard.is_renderable(HOSTILE["nested quotes"])
    assert not guard.is_renderable(HOSTILE["5 MB line"])
    sentence = "Un paragraphe [avec un lien](https://ex.org/{}), de l'*emphase* et `du code`. "
    ordinary = "\n\n".join(sentence.format(i) * 3 for i in range(400))
    assert guard.is_renderable(ordinary)


def test_fallback_shows_the_text_escaped():
    assert render_markdown("<b>" + "[" * 10_000) == "<pre>&lt;b&gt;" + "[" * 10_000 + "</pre>"


def test_deep_html_is_escaped_by_the_sanitiser():
    with time_limit(5):
        html = sanitize_html("<blockquote>" * 50_000)
    assert html.startswith("&lt;blockquote&gt;")


def test_random_special_characters_render_quickly():
    rng = random.Random(7)
    pieces = list("[]()`<>_*\\&!#|-=:^")
    pieces += ["[a](b)", "<!--", "-->", "[^1]", "\n", "\n\n", "    ", "a ", "- ", "> "]
    for _ in range(30):
        text = "".join(rng.choice(pieces) for _ in range(rng.choice([100, 2_000, 20_000])))
        with time_limit(5):
            assert_inert(render_markdown(text))


def test_diffs_and_ids_of_hostile_texts_stay_bounded():
    for name in ("5 MB line", "nested quotes", "backticks", "nested list"):
        text = HOSTILE[name]
        changed = text[: len(text) // 2] + "CHANGED" + text[len(text) // 2:]
        with time_limit(10), counting() as work:  # the limit only turns a hang into a failure
            ops = diff_documents(text, changed)
            words = diff_words(text, changed)
            assign_ids([("a", text)], [changed])
        assert apply_diff(ops) == changed and apply_diff(words) == changed
        # No diff under a time limit, and none past the exact diff's work bound (counted, not timed).
        assert work.timed == 0 and max((diff.work for diff in work.diffs), default=0) <= bounded.EXACT_WORK
