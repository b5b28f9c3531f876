"""Three-way merges: what applies cleanly, what conflicts, and what the merged text looks like."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.merge import Conflict, merge_amendment_text
from tests.text.strategies import documents, join, light_edit

BASE = join([
    "# Charte", "Alpha beta gamma delta epsilon.", "Zeta eta theta iota kappa.",
    "Lambda mu nu xi omicron.", "Pi rho sigma tau upsilon.",
])


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_trivial_cases():
    proposed = edited(BASE, "gamma", "GAMMA")
    assert merge_amendment_text(BASE, proposed, BASE).markdown == proposed
    assert merge_amendment_text(BASE, BASE, proposed).markdown == proposed
    assert merge_amendment_text(BASE, proposed, proposed).markdown == proposed


def test_disjoint_edits_insertions_and_deletions_merge():
    proposed = edited(edited(BASE, "gamma", "GAMMA"), "Pi rho sigma tau upsilon.\n", "")
    proposed = edited(proposed, "# Charte\n\n", "# Charte\n\nUne clause nouvelle au début.\n\n")
    head = edited(BASE, "nu xi", "NU XI")
    result = merge_amendment_text(BASE, proposed, head)
    assert result.ok
    assert result.markdown == join([
        "# Charte", "Une clause nouvelle au début.", "Alpha beta GAMMA delta epsilon.",
        "Zeta eta theta iota kappa.", "Lambda mu NU XI omicron.",
    ])


def test_insertion_next_to_a_clause_changed_underneath_conflicts():
    proposed = edited(BASE, "Lambda", "Inséré juste avant lambda.\n\nLambda")
    head = edited(BASE, "theta iota", "THETA IOTA")
    result = merge_amendment_text(BASE, proposed, head)
    assert not result.ok and result.markdown is None
    assert result.conflicts == [Conflict("Zeta eta theta iota kappa.", "Zeta eta THETA IOTA kappa.",
                                         "Inséré juste avant lambda.")]


def test_two_insertions_at_the_same_place_conflict_unless_identical():
    here = "Lambda mu nu xi omicron.\n\n"
    one = edited(BASE, here, here + "Première insertion ici.\n\n")
    two = edited(BASE, here, here + "Seconde insertion ici.\n\n")
    assert not merge_amendment_text(BASE, one, two).ok
    both = edited(one, "gamma", "GAMMA")
    assert merge_amendment_text(BASE, one, both).markdown == both


def test_a_moved_clause_merges_when_nothing_around_it_changed():
    proposed = join(["# Charte", "Lambda mu nu xi omicron.", "Alpha beta gamma delta epsilon.",
                     "Zeta eta theta iota kappa.", "Pi rho sigma tau upsilon."])
    head = edited(BASE, "sigma", "SIGMA")
    result = merge_amendment_text(BASE, proposed, head)
    assert result.ok and result.markdown == edited(proposed, "sigma", "SIGMA")
    assert not merge_amendment_text(BASE, proposed, edited(BASE, "nu xi", "NU XI")).ok


def test_list_items_keep_their_tight_layout():
    base = "- un article\n- deux articles\n- trois articles\n\nFin du texte.\n"
    proposed = edited(base, "- deux", "- un et demi\n- deux")
    head = edited(base, "Fin du texte.", "Fin du texte modifiée.")
    result = merge_amendment_text(base, proposed, head)
    items = "- un article\n- un et demi\n- deux articles\n- trois articles\n"
    assert result.markdown == items + "\nFin du texte modifiée.\n"


@settings(max_examples=50, deadline=None)
@given(documents(min_clauses=5), st.data())
def test_disjoint_changes_merge_in_either_order(blocks, data):
    i, j = sorted(data.draw(st.lists(st.integers(0, len(blocks) - 1), min_size=2, max_size=2, unique=True)))
    first = list(blocks)
    first[i] = light_edit(first[i], "premier")
    second = list(blocks)
    if j - i > 2 and data.draw(st.booleans()):
        second.insert(j, "Une clause insérée par le second amendement.")  # away from the first edit
    else:
        second[j] = light_edit(second[j], "second")
    base = join(blocks)
    one, two = join(first), join(second)
    merged = merge_amendment_text(base, one, two)
    reverse = merge_amendment_text(base, two, one)
    assert merged.ok and reverse.ok
    assert merged.markdown == reverse.markdown
    assert "premier." in merged.markdown and ("second." in merged.markdown or "insérée" in merged.markdown)


@settings(max_examples=50, deadline=None)
@given(documents(min_clauses=2), st.data())
def test_same_clause_changes_conflict_and_identical_ones_do_not(blocks, data):
    index = data.draw(st.integers(0, len(blocks) - 1))
    first, second = list(blocks), list(blocks)
    first[index] = light_edit(first[index], "premier")
    second[index] = light_edit(second[index], "second")
    base = join(blocks)
    result = merge_amendment_text(base, join(first), join(second))
    assert not result.ok and result.conflicts[0].base == blocks[index].strip()
    assert merge_amendment_text(base, join(first), join(first) + "\nAjout final.\n").ok
