"""The similarity of two clauses is the same on any machine at any load, at a bounded cost.

Clause ids (and so the comments that follow a passage, amendments naming clauses, merge
conflicts) hang on it. The reference is today's word diff with its time limit removed
(diff-match-patch, Diff_Timeout = 0): on ordinary clauses the score must be exactly that. On
a long pair changed throughout, the untimed diff costs hundreds of ms: there the score must
be bounded in work (counted in tokens, never in time) and must not move when the clock races.
"""
from __future__ import annotations

import random

import diff_match_patch as dmp_module
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text import similarity, words
from app.text.identity import assign_ids
from app.text.similarity import Scorer, word_ratio
from bench import prose
from tests.text.strategies import markdownish
from tests.text.work import race_the_clock

EDITS = ["membres", "assemblée", "  ", "\n", ",", "…", "l'équipe", "2027", "vote", ""]


def untimed_reference(a: str, b: str, timeout: float = 0) -> float:
    """Today's word ratio without its time limit: the score every machine should agree on."""
    ops = words.diff_tokens(words.tokens(a), words.tokens(b), words.make_dmp(timeout), cleanup=False)
    return words.equal_ratio(ops, len(a) + len(b))


def clause(rng: random.Random, size: int) -> str:
    """Real French prose of about `size` words, in one paragraph."""
    sentences, text = prose.sentences(), []
    while sum(len(s.split()) for s in text) < size:
        text.append(rng.choice(sentences))
    return " ".join(text)


def edited(rng: random.Random, text: str, edits: int) -> str:
    """`edits` tokens replaced, removed or followed by another, anywhere (spaces and marks too)."""
    tokens = words.tokens(text)
    for _ in range(edits):
        k = rng.randrange(len(tokens))
        tokens[k] = rng.choice([rng.choice(EDITS), tokens[k] + rng.choice(EDITS), ""])
    return "".join(tokens)


def scattered(rng: random.Random, text: str, share: float) -> str:
    """About `share` of the words replaced, removed or doubled: a clause rewritten throughout."""
    out = []
    for token in words.tokens(text):
        roll = rng.random()
        if not token[0].isalnum() or roll >= share:
            out.append(token)
        elif roll < share / 3:
            out.append(rng.choice(EDITS[:2]))
        elif roll < 2 * share / 3:
            out.append(token + " nouveau")
    return "".join(out)


def pathological_pairs() -> list[tuple[str, str]]:
    """Two 2,000-word clauses with a third of their words changed, and with the same sentences
    reordered; two 800-word ones (short enough for the former word diff, which timed out) alike."""
    rng = random.Random(7)
    pairs = []
    for size in (2000, 800):
        base = clause(rng, size)
        sentences = base.split(". ")
        rng.shuffle(sentences)
        pairs += [(base, scattered(rng, base, 1 / 3)), (base, ". ".join(sentences))]
    return pairs


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 300), st.integers(1, 8))
def test_lightly_edited_clauses_of_up_to_300_words_score_as_the_untimed_diff(seed, size, edits):
    rng = random.Random(seed)
    old = clause(rng, size)
    new = edited(rng, old, edits)
    assert word_ratio(old, new) == untimed_reference(old, new)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 70), st.floats(0, 1))
def test_short_clauses_rewritten_at_will_score_as_the_untimed_diff(seed, size, share):
    rng = random.Random(seed)
    old = clause(rng, size)
    new = scattered(rng, old, share)
    assert word_ratio(old, new) == untimed_reference(old, new)
    other = clause(rng, size)
    assert word_ratio(old, other) == untimed_reference(old, other)


@settings(max_examples=300, deadline=None)
@given(markdownish, markdownish)
def test_any_markdown_scores_as_the_untimed_diff(old, new):
    assert word_ratio(old, new) == untimed_reference(old, new)
    assert word_ratio(old, old + new) == untimed_reference(old, old + new)


def test_a_word_changed_in_a_very_long_clause_scores_as_the_untimed_diff():
    old = clause(random.Random(3), 3000)  # some 20,000 characters: beyond any exact bound by size
    new = old.replace(" la ", " une ", 1)[:len(old) // 2] + " ajouté" + old[len(old) // 2:]
    assert word_ratio(old, new) == untimed_reference(old, new) > 0.99


def test_a_word_changed_in_a_very_long_clause_keeps_its_id():
    old = clause(random.Random(4), 3000)
    new = old[:len(old) // 3] + "Désormais, " + old[len(old) // 3:]
    assert assign_ids([("c0", "Titre."), ("c1", old)], ["Titre.", new]) == ["c0", "c1"]


def test_a_long_pathological_pair_scores_the_same_when_the_machine_is_busy(monkeypatch):
    pairs = pathological_pairs()
    calm = [word_ratio(a, b) for a, b in pairs]
    calm_similarity = [Scorer([a], [b]).similarity(0, 0) for a, b in pairs]
    short = pairs[0][0][:600], pairs[0][1][:600]
    untimed = untimed_reference(*short)
    race_the_clock(monkeypatch)
    assert [word_ratio(a, b) for a, b in pairs] == calm
    assert [Scorer([a], [b]).similarity(0, 0) for a, b in pairs] == calm_similarity
    # The racing clock does bite a diff under a time limit (the old way): it gives up at once.
    assert untimed_reference(*short, timeout=0.005) < untimed - 0.2


def test_the_work_on_a_long_pathological_pair_is_bounded(monkeypatch):
    """Work counted as diff-match-patch's bisection spends it: (tokens of both sides) x (tokens changed)."""
    work: list[int] = []
    original = dmp_module.diff_match_patch.diff_main

    def counted(self, text1, text2, checklines=True, deadline=None):
        ops = original(self, text1, text2, checklines, deadline)
        if deadline is None:  # a diff asked for, not diff-match-patch's own recursion
            work.append((len(text1) + len(text2)) * sum(len(chars) for op, chars in ops if op != 0))
        return ops

    for a, b in pathological_pairs():
        untimed = words.diff_tokens(words.tokens(a), words.tokens(b), words.make_dmp(0), cleanup=False)
        changed = sum(len(words.tokens(text)) for op, text in untimed if op != 0)
        size = len(words.tokens(a)) + len(words.tokens(b))
        assert size * changed > 5 * (similarity.EXACT_WORK + similarity.ANCHORED_WORK)  # what the bound saves

        monkeypatch.setattr(dmp_module.diff_match_patch, "diff_main", counted)
        work.clear()
        word_ratio(a, b)
        monkeypatch.setattr(dmp_module.diff_match_patch, "diff_main", original)
        assert work and sum(work) <= similarity.EXACT_WORK + similarity.ANCHORED_WORK


def test_clause_ids_through_heavy_edits_do_not_depend_on_the_clock(monkeypatch):
    rng = random.Random(11)
    previous = [(f"c{k}", clause(rng, rng.randint(20, 400))) for k in range(40)]
    current = [text if k % 3 else scattered(rng, text, rng.choice([0.05, 0.3, 0.6]))
               for k, (_, text) in enumerate(previous)]
    calm = assign_ids(previous, current, iter(range(10**6)).__next__)
    race_the_clock(monkeypatch)
    assert assign_ids(previous, current, iter(range(10**6)).__next__) == calm
