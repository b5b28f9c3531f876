"""Diffs without a time limit: always valid, dmp's exact one when cheap, bounded in counted work,
and the same when the clock races (the machine is shared: nothing here is timed)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text import bounded, htmldiff, words
from app.text.diff import apply_diff, old_text
from app.text.render import render_markdown
from bench import prose
from tests.text.strategies import any_text, markdownish
from tests.text.work import counting, race_the_clock

BOUND = 2 * bounded.EXACT_WORK + bounded.ANCHORED_WORK  # an exact try, the anchored gaps, an exact diff


def exact(a: str, b: str) -> list[tuple[int, str]]:
    return words.make_dmp(0).diff_main(a, b, False)


def clause(rng: random.Random, size: int) -> str:
    """Real French prose of about `size` words, in one paragraph."""
    sentences, text = prose.sentences(), []
    while sum(len(s.split()) for s in text) < size:
        text.append(rng.choice(sentences))
    return " ".join(text)


def long_pairs() -> list[tuple[str, str]]:
    """Clauses of 300 to 600 words (1,400 to 2,800 tokens both sides): unrelated, the same sentences
    reordered, and a word changed at each end (no common ends: the whole is the middle)."""
    rng = random.Random(2)
    pairs = []
    for size in (300, 600):
        base = clause(rng, size)
        sentences = base.split(". ")
        rng.shuffle(sentences)
        pairs += [(base, clause(rng, size)), (base, ". ".join(sentences))]
        pairs.append((base, "Désormais " + base[:-5] + " fin."))
    return pairs


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, markdownish), st.one_of(any_text, markdownish))
def test_short_texts_get_the_exact_diff(a, b):
    assert bounded.diff(a, b) == exact(a, b)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(300, 3000), st.floats(0, 1))
def test_long_token_strings_get_a_valid_diff_within_the_work_bound(seed, size, share):
    rng = random.Random(seed)
    alphabet = [chr(0xE000 + k) for k in range(rng.choice([20, 400, 4000]))]
    a = "".join(rng.choice(alphabet) for _ in range(size))
    b = "".join(rng.choice(alphabet) if rng.random() < share else char
                for char in a if rng.random() > share / 3)
    with counting() as work:
        ops = bounded.diff(a, b)
    assert apply_diff(ops) == b and old_text(ops) == a
    assert work.timed == 0 and work.steps <= BOUND


def test_long_clauses_diff_within_the_bound_and_exactly_when_close():
    for a, b in long_pairs():
        with counting() as work:
            ops = words.diff_words(a, b)
        assert apply_diff(ops) == b and old_text(ops) == a
        assert work.timed == 0 and work.steps <= BOUND
    a, b = long_pairs()[-1]
    assert words.diff_words(a, b) == words.diff_tokens(words.tokens(a), words.tokens(b), words.make_dmp(0))


def shown(pairs: list[tuple[str, str]]) -> list:
    """Each pair's word diff (Markdown source) and its diff on the rendered text."""
    return [(words.diff_words(a, b), htmldiff.diff_html(render_markdown(a), render_markdown(b)))
            for a, b in pairs]


def test_the_diffs_shown_are_the_same_when_the_machine_is_busy(monkeypatch):
    pairs = long_pairs()
    calm = shown(pairs)
    race_the_clock(monkeypatch)
    assert shown(pairs) == calm
