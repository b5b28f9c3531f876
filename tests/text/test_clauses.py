"""Splitting Markdown into clauses: the exact round trip, and sensible clause boundaries."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.clauses import Clause, join_clauses, split_clauses
from app.text.render import render_clauses
from tests.text import corpora
from tests.text.strategies import any_text, markdownish


def kinds(markdown: str) -> list[tuple[str, int]]:
    return [(clause.kind, clause.depth) for clause in split_clauses(markdown)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(markdownish, any_text))
def test_any_text_splits_and_joins_back_exactly(text):
    clauses = split_clauses(text)
    assert join_clauses(clauses) == text
    assert all(clause.source for clause in clauses)


@pytest.mark.skipif(not corpora.available(), reason="shared corpora not mounted")
def test_every_commonmark_example_round_trips_and_renders():
    for markdown in corpora.payloads("commonmark_spec.json"):
        clauses = split_clauses(markdown)
        assert join_clauses(clauses) == markdown
        assert len(render_clauses(clauses)) == len(clauses)


@pytest.mark.parametrize("text", ["", "\n", "  \n\n\t\n", "\r\n\r\n", "x"])
def test_degenerate_texts(text):
    clauses = split_clauses(text)
    assert join_clauses(clauses) == text
    assert len(clauses) == (0 if text == "" else 1)


def test_blocks_of_a_charter():
    markdown = (
        "\n# Charte\n\nPremier paragraphe\nsur deux lignes.\n\n- un\n- deux\n  - deux-un\n    - profond\n\n"
        "  suite de deux\n\n3. trois\n\n> citation\nparesseuse\n\n```py\n- pas un item\n\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[^n]: Une note\n    qui continue.\n\n"
        "[site]: https://example.org\n\n"
        "---\n\n<div>\nbloc\n</div>\n\nTitre\n=====\n\n    code indenté\n"
    )
    clauses = split_clauses(markdown)
    assert join_clauses(clauses) == markdown
    assert [(c.kind, c.depth) for c in clauses] == [
        ("heading", 0), ("paragraph", 0), ("list_item", 0), ("list_item", 0), ("list_item", 1),
        ("list_item", 2), ("paragraph", 1), ("list_item", 0), ("blockquote", 0), ("code", 0), ("table", 0),
        ("footnote", 0), ("linkdef", 0), ("rule", 0), ("html", 0), ("heading", 0), ("code", 0),
    ]
    assert clauses[0].source.startswith("\n#")  # leading blank lines go to the first clause
    assert clauses[1].source.endswith("deux lignes.\n\n")  # blank lines go to the clause above
    assert clauses[1].text == "Premier paragraphe\nsur deux lignes."


def test_fence_inside_a_list_item_hides_markers():
    assert kinds("- ```\n  - not an item\n  ```\n- next\n") == [("list_item", 0), ("list_item", 0)]


def test_lazy_lines_and_interruptions():
    assert kinds("- a\nlazy\n- b\n") == [("list_item", 0), ("list_item", 0)]
    assert kinds("Paragraph\n2. not a list\n") == [("paragraph", 0)]  # only "1." interrupts
    assert kinds("- a\n3. new list\n") == [("list_item", 0), ("list_item", 0)]
    assert kinds("text\n[ref]: http://x\n") == [("paragraph", 0), ("linkdef", 0)]


def test_crlf_and_tabs_keep_their_bytes():
    markdown = "# T\r\n\r\n-\titem\r\n\t- nested\r\n"
    clauses = split_clauses(markdown)
    assert join_clauses(clauses) == markdown
    assert [(c.kind, c.depth) for c in clauses] == [("heading", 0), ("list_item", 0), ("list_item", 1)]


def test_clause_text_strips_the_blank_lines_around():
    assert Clause("paragraph", "\n\n  Text  \n\n").text == "Text"
