"""Re-anchoring with hypothesis: a quote is found again after edits around it; gone when deleted."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.anchor import locate, make_anchor, reanchor

WORDS = ["nous", "hébergeons", "les", "données", "de", "chaque", "membre", "avec", "soin", "et", "sans",
         "publicité", "ni", "traceurs", "sur", "serveurs", "propres"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
QUOTE = "transparence radicale des comptes"


@settings(max_examples=100, deadline=None)
@given(words, words, words, words)
def test_a_quote_is_found_again_after_edits_before_and_after_it(before, after, new_before, new_after):
    text = f"{before} {QUOTE} {after}."
    anchor = make_anchor(text, QUOTE)
    edited = f"{new_before} {QUOTE} {new_after} et encore."
    found = locate(anchor, edited)
    assert found is not None and edited[found:found + len(QUOTE)] == QUOTE


@settings(max_examples=100, deadline=None)
@given(words, words)
def test_a_deleted_passage_is_gone(before, after):
    anchor = make_anchor(f"{before} {QUOTE} {after}.", QUOTE)
    assert locate(anchor, f"{before} {after}.") is None


def test_a_lightly_edited_quote_is_found_fuzzily():
    anchor = make_anchor("Nous publions la transparence radicale des comptes chaque année.", QUOTE)
    edited = "Nous publions chaque année la transparence radicale de nos comptes."
    assert locate(anchor, edited) is not None


def test_reanchor_follows_a_passage_into_another_clause():
    anchor = make_anchor("Premier. Ne jamais revendre les données.", "revendre les données")
    moved = reanchor(anchor, "a", [("a", "Premier."), ("b", "Ne jamais revendre les données.")])
    assert moved is not None and moved[0] == "b" and moved[1].quote == "revendre les données"


def test_carry_forward_over_ten_versions():
    text, clause = "Nous hébergeons les données de chaque membre avec soin.", "c1"
    anchor = make_anchor(text, "les données de chaque membre")
    for version in range(10):
        text = f"Édition {version} : " + text.replace("avec soin", "avec grand soin") + f" Ajout {version}."
        found = reanchor(anchor, clause, [(clause, text), ("c2", "Autre clause.")])
        assert found is not None and found[0] == clause
        anchor = found[1]
    assert anchor.quote == "les données de chaque membre"
