"""Clause ids stay put across versions: unchanged, moved and lightly edited clauses keep theirs."""
from __future__ import annotations

import re
from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.clauses import split_clauses
from app.text.identity import WINDOW, assign_ids, in_order, new_clause_id
from app.text.similarity import ANCHORED_WORK, EXACT_WORK, MAX_DMP_CALLS
from app.text.words import tokens
from tests.text.docgen import document
from tests.text.strategies import documents, light_edit
from tests.text.work import counting


def numbered(prefix: str = "n"):
    serial = count()
    return lambda: f"{prefix}{next(serial)}"


def first_ids(blocks: list[str]) -> list[tuple[str, str]]:
    return [(f"c{i}", text) for i, text in enumerate(blocks)]


def test_new_clause_id_is_short_and_url_safe():
    ids = {new_clause_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(re.fullmatch(r"[a-z][a-z0-9]{7}", clause_id) for clause_id in ids)


def test_moved_edited_and_new_clauses():
    previous = first_ids(["Alpha one two three four five.", "Beta six seven eight nine ten.",
                          "Gamma eleven twelve thirteen fourteen.", "Delta fifteen sixteen seventeen."])
    current = ["Delta fifteen sixteen seventeen.", "Alpha one two three four five.",
               "Beta six seven eight nine TEN.", "Completely different words here.",
               "Gamma eleven twelve thirteen fourteen."]
    assert assign_ids(previous, current, numbered()) == ["c3", "c0", "c1", "n0", "c2"]


def test_a_typo_in_a_short_heading_keeps_its_id():
    previous = first_ids(["## Article 3", "Les membres."])
    assert assign_ids(previous, ["## Article 4", "Les membre."], numbered()) == ["c0", "c1"]


def test_an_inserted_look_alike_does_not_steal_the_id():
    previous = first_ids(["Start.", "Les membres votent chaque année le budget du collectif.", "End."])
    current = ["Start.", "Les membres votent chaque mois.",
               "Les membres votent chaque année le budget du collectif, en assemblée.", "End."]
    assert assign_ids(previous, current, numbered()) == ["c0", "n0", "c1", "c2"]


def test_each_previous_id_is_used_at_most_once_and_new_ids_never_collide():
    previous = first_ids(["Same text.", "Same text.", "Other."])
    ids = assign_ids(previous, ["Same text.", "Same text.", "Same text.", "Other."], lambda: "c0")
    assert ids[:2] == ["c0", "c1"] and ids[3] == "c2"
    assert len(set(ids)) == 4  # a generator stuck on a used id is replaced, never looped on


@settings(max_examples=60, deadline=None)
@given(documents(min_clauses=4), st.data())
def test_unchanged_clauses_keep_their_ids_through_edits_elsewhere(blocks, data):
    previous = first_ids(blocks)
    current = list(blocks)
    touched: set[int] = set()
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["insert", "delete", "edit", "move"]))
        index = data.draw(st.integers(0, len(current) - 1))
        if action == "insert":
            current.insert(index, f"Nouvelle clause {len(current)} sans rapport aucun.")
        elif action == "delete" and len(current) > 1:
            current.pop(index)
        elif action == "edit":
            current[index] = light_edit(current[index])
        elif action == "move":
            current.insert(data.draw(st.integers(0, len(current) - 1)), current.pop(index))
    touched = {i for i, text in enumerate(blocks) if text not in current}
    ids = assign_ids(previous, current, numbered())
    assert len(set(ids)) == len(ids)
    for old_index, text in enumerate(blocks):
        if old_index not in touched:
            assert ids[current.index(text)] == f"c{old_index}"


@settings(max_examples=40, deadline=None)
@given(documents(min_clauses=3), st.data())
def test_a_lightly_edited_clause_keeps_its_id(blocks, data):
    index = data.draw(st.integers(0, len(blocks) - 1))
    current = list(blocks)
    current[index] = light_edit(current[index])
    assert assign_ids(first_ids(blocks), current, numbered()) == [f"c{i}" for i in range(len(blocks))]


def test_in_order_finds_a_longest_increasing_run():
    pairs = list(enumerate([3, 0, 1, 4, 2, 5]))
    assert [old for _, old in in_order(pairs)] == [0, 1, 2, 5]


def test_one_change_in_400_clauses_compares_that_clause_alone():
    clauses = split_clauses(document(seed=1, clauses=400))
    previous = [(f"c{i}", clause.source) for i, clause in enumerate(clauses)]
    current = [clause.source for clause in clauses]
    current[200] = current[200].replace("membres", "adhérents", 1) + " Ajout."
    with counting() as work:
        ids = assign_ids(previous, current)
    assert ids == [clause_id for clause_id, _ in previous]
    # The identical ends are not compared: one pair is, with one diff of its changed tokens, not 400.
    assert work.similarities == 1 and len(work.diffs) == 1
    assert work.chars <= len(tokens(previous[200][1])) + len(tokens(current[200]))


def test_a_total_rewrite_stays_bounded():
    old = split_clauses(document(seed=2, clauses=400))
    new = split_clauses(document(seed=3, clauses=400))
    with counting() as work:
        assign_ids([(f"c{i}", c.source) for i, c in enumerate(old)], [c.source for c in new])
    # A bounded window of old clauses per new one; word diffs for at most MAX_DMP_CALLS pairs,
    # each bounded in work (tests/text/test_similarity.py) and none under a time limit.
    assert work.similarities <= (WINDOW + 1) * len(new)
    assert len(work.diffs) <= MAX_DMP_CALLS and work.timed == 0
    assert work.steps <= MAX_DMP_CALLS * (EXACT_WORK + ANCHORED_WORK)


# Few texts, some alike, some the same but for blank lines: duplicates and look-alikes at the ends.
PIECES = ["Alpha un deux trois.", "Alpha un deux trois.\n\n", "Beta quatre cinq six.", " Beta quatre cinq six.",
          "Gamma sept huit neuf dix.", "Gamma sept huit neuf dix modifié.", "Delta onze douze.", "", "\n"]


def changed(data, blocks: list[str], pool: list[str]) -> list[str]:
    current = list(blocks)
    for _ in range(data.draw(st.integers(0, 4))):
        action = data.draw(st.sampled_from(["insert", "delete", "edit", "move", "copy"]))
        index = data.draw(st.integers(0, max(len(current) - 1, 0)))
        if action == "insert" or not current:
            current.insert(index, data.draw(st.sampled_from(pool)))
        elif action == "delete":
            current.pop(index)
        elif action == "edit":
            current[index] = light_edit(current[index]) if current[index].strip() else "Nouveau."
        elif action == "move":
            current.insert(data.draw(st.integers(0, len(current) - 1)), current.pop(index))
        else:
            current.insert(data.draw(st.integers(0, len(current))), current[index])
    return current


def both_ways(previous: list[tuple[str, str]], current: list[str], colliding: bool) -> tuple[list[str], list[str]]:
    """The ids aligned near the change and over the whole texts, with the same id generator."""
    def generator():
        serial = count()  # a colliding one first proposes an id already used (of a clause at the ends, often)
        return lambda: "c0" if colliding and next(serial) % 3 == 0 else f"n{next(serial)}"
    return (assign_ids(previous, current, generator()),
            assign_ids(previous, current, generator(), near=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.data(), st.booleans())
def test_aligning_near_the_change_gives_the_ids_of_the_whole_alignment(blocks, data, colliding):
    near, whole = both_ways(first_ids(blocks), changed(data, blocks, PIECES), colliding)
    assert near == whole


@settings(max_examples=60, deadline=None)
@given(documents(min_clauses=4, max_clauses=30), st.data())
def test_aligning_near_the_change_gives_the_ids_of_the_whole_alignment_in_prose(blocks, data):
    current = changed(data, blocks, ["Une clause nouvelle, sans rapport.", blocks[0], light_edit(blocks[-1])])
    near, whole = both_ways(first_ids(blocks), current, colliding=False)
    assert near == whole


def test_aligning_near_one_change_in_a_long_text_gives_the_whole_alignment():
    clauses = [clause.source for clause in split_clauses(document(seed=3, clauses=600))]
    previous = first_ids(clauses)
    for k in (0, 1, 299, 598, 599):
        current = clauses[:k] + [light_edit(clauses[k].rstrip()) + "\n\n", "Un ajout.\n\n"] + clauses[k + 1:]
        near, whole = both_ways(previous, current, colliding=False)
        assert near == whole and near[:k] == [f"c{i}" for i in range(k)]
