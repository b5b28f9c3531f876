"""Word diffs and clause-aligned document diffs: exact, readable, and bounded in work (counted, not timed)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text import similarity, words
from app.text.clauses import split_clauses
from app.text.diff import apply_diff, diff_clauses, diff_documents, diff_words, old_text, word_diff
from app.text.identity import WINDOW
from tests.text.docgen import document, paragraph
from tests.text.strategies import any_text, documents, join, light_edit, markdownish
from tests.text.work import counting


@settings(max_examples=150, deadline=None)
@given(st.one_of(markdownish, any_text), st.one_of(markdownish, any_text))
def test_any_two_texts_diff_exactly(old, new):
    for ops in (diff_words(old, new), diff_documents(old, new)):
        assert apply_diff(ops) == new and old_text(ops) == old
        assert all(text for _, text in ops)
        assert all(a[0] != b[0] for a, b in zip(ops, ops[1:]))  # neighbours of one op are merged


@settings(max_examples=60, deadline=None)
@given(documents(min_clauses=3), st.data())
def test_document_diff_of_edited_documents_is_exact_and_local(blocks, data):
    index = data.draw(st.integers(0, len(blocks) - 1))
    edited = list(blocks)
    edited[index] = light_edit(edited[index])
    edited.insert(data.draw(st.integers(0, len(edited))), "Une clause toute neuve.")
    old, new = join(blocks), join(edited)
    ops = diff_documents(old, new)
    assert apply_diff(ops) == new and old_text(ops) == old
    # Local: at most the final full stop is re-written (semantic clean-up may fold it in).
    assert sum(len(text) for op, text in ops if op == -1) <= 1
    assert any(" modifié" in text for op, text in ops if op == 1)


def test_word_level_granularity():
    assert diff_words("Les membres votent une fois par an.", "Les adhérents votent deux fois par an.") == [
        (0, "Les "), (-1, "membres"), (1, "adhérents"), (0, " votent "), (-1, "une"), (1, "deux"),
        (0, " fois par an."),
    ]
    for op, text in diff_words("organisation membre du collectif", "organisations membres du collectif"):
        assert op == 0 or text.split()[0] in ("organisation", "organisations")  # never half a word
    assert word_diff is diff_words


def test_diff_clauses_reports_each_kind_of_change_in_reading_order():
    old = [("a", "Alpha."), ("b", "Beta."), ("c", "Gamma."), ("d", "Delta."), ("e", "Epsilon.")]
    new = [("a", "Alpha."), ("d", "Delta modifié."), ("b", "Beta."), ("x", "Nouveau."), ("e", "Epsilon.")]
    changes = diff_clauses(old, new)
    summary = [(c.status, c.clause_id, c.old_position, c.new_position) for c in changes]
    assert summary == [
        ("unchanged", "a", 0, 0), ("moved", "d", 3, 1), ("unchanged", "b", 1, 2), ("removed", "c", 2, None),
        ("added", "x", None, 3), ("unchanged", "e", 4, 4),
    ]
    moved = changes[1]
    assert moved.ops == [(0, "Delta"), (1, " modifié"), (0, ".")]
    assert changes[0].ops == [(0, "Alpha.")]


def test_moved_clause_in_a_document_diff():
    old = "Premier paragraphe assez long.\n\nDeuxième paragraphe assez long.\n\nTroisième paragraphe.\n"
    new = "Deuxième paragraphe assez long.\n\nPremier paragraphe assez long.\n\nTroisième paragraphe.\n"
    ops = diff_documents(old, new)
    assert apply_diff(ops) == new and old_text(ops) == old
    moved = {text for op, text in ops if op == 1} & {text for op, text in ops if op == -1}
    assert moved in ({"Premier paragraphe assez long.\n\n"}, {"Deuxième paragraphe assez long.\n\n"})


def test_one_clause_change_in_a_big_document_diffs_that_clause_alone():
    old = document(seed=4, clauses=400)
    target = old.index("Ceci est")
    new = old[:target] + "Désormais, " + old[target:]
    changed = next(clause.source for clause in split_clauses(new) if "Désormais, " in clause.source)
    with counting() as work:
        ops = diff_documents(old, new)
    assert [text for op, text in ops if op != 0] == ["Désormais, "]
    # One pair of clauses compared (for its id) and diffed (for the display), not 400.
    assert work.similarities == 1 and len(work.diffs) == 2
    assert work.chars <= 2 * len(words.tokens(changed))


def test_a_worst_case_rewrite_finishes_without_the_timeout():
    # No time-out at all: the clause alignment and the counted bounds alone bound the work.
    old, new = document(seed=5, clauses=400), document(seed=6, clauses=400)
    single_old = " ".join(paragraph(random.Random(1), 100_000).split())
    single_new = " ".join(paragraph(random.Random(2), 100_000).split())
    with counting() as work:
        ops = diff_documents(old, new)
    with counting() as one_clause_work:
        one_clause = diff_documents(single_old, single_new)
    assert apply_diff(ops) == new and old_text(ops) == old
    assert apply_diff(one_clause) == single_new and old_text(one_clause) == single_old
    assert work.timed == one_clause_work.timed == 0  # no diff had a deadline: none was cut short
    old_clauses, new_clauses = split_clauses(old), split_clauses(new)
    # Every diff stays within one clause of each side (the clause alignment), never the documents.
    pair = sum(max(len(words.tokens(c.source)) for c in side) for side in (old_clauses, new_clauses))
    assert max(diff.size for diff in work.diffs) <= pair
    # A bounded window of candidates per new clause, a bounded number of diffs for their ids (each
    # diff twice over a pair at most), and each kept clause diffed once for the display.
    assert work.similarities <= (WINDOW + 1) * len(new_clauses)
    size = len(words.tokens(old)) + len(words.tokens(new))
    assert work.chars <= size + 2 * similarity.MAX_DMP_CALLS * pair
    assert work.steps <= pair * work.chars  # each diff's work is at most its size squared
    # The two 100,000-character paragraphs share too little to be the same clause: no diff at all.
    assert one_clause_work.chars == 0
