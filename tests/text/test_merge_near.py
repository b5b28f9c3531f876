"""Reading an amendment near its change gives what reading the whole texts gives.

A merge's check reads each amendment, and the merged text, near the passage where it differs
from the base (or the head) only: clauses.split_near, sides.read_side_near. Here both ways are
compared on every case, on real prose (bench/prose.py, tests/text/docgen.py) and on generated
Markdown with the blocks that make a scanner keep state (lists, fences, quotes, tables, HTML),
with one- and many-clause edits, insertions, removals and moves, on both sides of the merge.
"""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.text.clauses import Split, common_prefix_length, common_suffix_length, split_clauses, split_near
from app.text.merge import HeadMerge
from bench import prose
from tests.text import docgen
from tests.text.strategies import MARKDOWN_PIECES

TRICKY = [
    "```\ncode\n\nstill code\n```\n", "```\nnever closed\n", "~~~\n", "- item\n\n  continued\n",
    "  - nested item\n", "1. first\n2. second\n", "> quoted\nlazy line\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n", "|---|---|\n", "<div>\nhtml\n</div>\n", "<!-- open comment\n", "-->\n", "<script>\n",
    "    indented code\n", "Setext title\n", "===\n", "---\n", "[^1]: a note\n    its second paragraph\n",
    "[a]: /url\n", "\r\n", "\n", "Paragraph with\r\nwindows endings\r\n", "plain words\n", "# Heading\n",
]


def blocks_of(text: str) -> list[str]:
    return [clause.source for clause in split_clauses(text)]


def edited(rng: random.Random, blocks: list[str], pool: list[str], changes: int) -> list[str]:
    """`changes` random edits, insertions, removals, moves and duplications of whole clauses."""
    blocks = list(blocks)
    for _ in range(changes):
        k = rng.randrange(len(blocks)) if blocks else 0
        action = rng.choice(["edit", "edit", "insert", "remove", "move", "copy", "tricky"])
        if action == "edit" and blocks:
            body = blocks[k].rstrip("\r\n")
            blocks[k] = body + rng.choice([" ajouté.", "", " ```", " |"]) + blocks[k][len(body):]
        elif action == "insert":
            blocks.insert(k, rng.choice(pool))
        elif action == "remove" and len(blocks) > 1:
            blocks.pop(k)
        elif action == "move" and len(blocks) > 1:
            blocks.insert(rng.randrange(len(blocks)), blocks.pop(k))
        elif action == "copy" and blocks:
            blocks.insert(rng.randrange(len(blocks) + 1), blocks[k])
        else:
            blocks.insert(k, rng.choice(TRICKY))
    return blocks


def both_ways(base: str, head: str, proposed: str) -> tuple:
    near, whole = HeadMerge(base, head), HeadMerge(base, head, near=False)
    got, expected = near.merge(proposed), whole.merge(proposed)
    assert got.markdown == expected.markdown
    assert got.conflicts == expected.conflicts
    return got


def splits_alike(text: str, known: str) -> bool:
    """split_near agrees with split_clauses (True when it could tell from the passage)."""
    near = split_near(text, Split(known, split_clauses(known)))
    if near is None:
        return False
    assert near.clauses(Split(known, split_clauses(known))) == split_clauses(text)
    return True


def texts(seed: int) -> str:
    rng = random.Random(seed)
    if seed % 3 == 0:
        return prose.programme(clauses=rng.randint(8, 60), total_chars=rng.randint(2_000, 12_000), seed=seed)
    if seed % 3 == 1:
        return docgen.document(seed=seed, clauses=rng.randint(8, 50), size=rng.randint(60, 200))
    return "".join(rng.choice(TRICKY + [f"Clause {n} du texte.\n\n" for n in range(30)]) for _ in range(40))


def test_split_near_gives_the_whole_split_on_prose_and_tricky_blocks():
    told = 0
    for seed in range(400):
        rng = random.Random(seed)
        known = texts(seed)
        pool = blocks_of(known) + TRICKY
        text = "".join(edited(rng, blocks_of(known), pool, rng.choice([1, 1, 2, 3])))
        told += splits_alike(text, known)
    assert told > 200  # most local changes are read near them


def test_the_merge_read_near_the_change_equals_the_whole_text_merge():
    near_cases = 0
    for seed in range(600):
        rng = random.Random(1000 + seed)
        base = texts(seed)
        blocks = blocks_of(base)
        pool = blocks + TRICKY
        head = "".join(edited(rng, blocks, pool, rng.choice([1, 2, 4])))
        proposed = "".join(edited(rng, blocks, pool, rng.choice([1, 1, 2, 3])))
        both_ways(base, head, proposed)
        near_cases += split_near(proposed, Split(base, split_clauses(base))) is not None
    assert near_cases > 300


def test_a_one_clause_amendment_of_a_long_programme_merges_as_the_whole_text_does():
    base = prose.programme(clauses=400, total_chars=80_000, seed=7)
    blocks = blocks_of(base)
    rng = random.Random(3)
    head_blocks = list(blocks)
    for k in rng.sample(range(len(blocks)), 20):
        head_blocks[k] = head_blocks[k].rstrip("\n") + " Ajout.\n" + ("\n" if head_blocks[k].endswith("\n\n") else "")
    head = "".join(head_blocks)
    merger, whole = HeadMerge(base, head), HeadMerge(base, head, near=False)
    for k in range(0, len(blocks), 7):
        proposed = "".join(b.rstrip("\n") + " Mesure.\n" + b[len(b.rstrip("\n")) + 1:] if j == k else b
                           for j, b in enumerate(blocks))
        assert merger.merge(proposed) == whole.merge(proposed)


@st.composite
def markdown_documents(draw):
    pieces = draw(st.lists(st.one_of(st.sampled_from(TRICKY), st.lists(MARKDOWN_PIECES, max_size=12).map("".join)),
                           min_size=3, max_size=25))
    return "".join(pieces)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents(), st.integers(0, 10_000))
def test_split_near_and_the_merge_agree_with_the_whole_text_on_any_markdown(base, seed):
    rng = random.Random(seed)
    blocks = blocks_of(base) or [base]
    pool = blocks + TRICKY
    head = "".join(edited(rng, blocks, pool, rng.choice([1, 2])))
    proposed = "".join(edited(rng, blocks, pool, rng.choice([1, 2])))
    splits_alike(proposed, base)
    splits_alike(head, base)
    both_ways(base, head, proposed)


@settings(max_examples=200, deadline=None)
@given(markdown_documents(), st.integers(0, 10_000), st.text(max_size=30))
def test_split_near_matches_the_whole_split_for_any_inserted_text(known, position, inserted):
    at = position % (len(known) + 1)
    splits_alike(known[:at] + inserted + known[at:], known)


def test_a_fence_opened_by_the_change_is_not_read_near_it():
    known = "".join(f"Clause {n}.\n\n" for n in range(12))
    text = known.replace("Clause 5.\n\n", "Clause 5.\n\n```\n", 1)
    assert split_near(text, Split(known, split_clauses(known))) is None
    assert split_clauses(text)[-1].kind == "code"  # the rest of the text became code: read whole


def test_an_edit_is_read_within_a_few_clauses_of_it():
    known = "".join(f"Clause {n}.\n\n" for n in range(40))
    text = known.replace("Clause 20.", "Clause 20 modifiée.", 1)
    near = split_near(text, Split(known, split_clauses(known)))
    assert near is not None and near.stop - near.start <= 6
    assert near.clauses(Split(known, split_clauses(known))) == split_clauses(text)


def test_common_ends_of_two_texts():
    assert common_prefix_length("abcdef", "abcxyz") == 3
    assert common_prefix_length("abc", "abc") == 3 and common_prefix_length("", "abc") == 0
    assert common_suffix_length("xxdef", "yydef", 5) == 3
    assert common_suffix_length("aaaa", "aaaa", 2) == 2  # never more than asked
