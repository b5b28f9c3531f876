"""Anchors: a quoted passage is found again after edits, fuzzily if need be, or declared gone."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.text.anchor import Anchor, locate, make_anchor, reanchor
from tests.text.strategies import WORDS

phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join)


def test_make_anchor_keeps_context_and_offset():
    text = "Les membres votent. Les membres publient leurs comptes."
    anchor = make_anchor(text, "Les membres", offset=20)
    assert anchor == Anchor("Les membres", "Les membres votent. ", " publient leurs comptes.", 20)
    assert make_anchor(text, "Les membres").offset == 0
    assert make_anchor(text, "Les membres", offset=18).offset == 20  # a stale offset: nearest occurrence
    with pytest.raises(ValueError):
        make_anchor(text, "absent")
    with pytest.raises(ValueError):
        make_anchor(text, "")


@settings(max_examples=100, deadline=None)
@given(phrase, phrase, phrase, phrase, phrase)
def test_quote_is_found_at_its_new_place_after_edits_around_it(before, quote, after, new_before, new_after):
    quote = f"« {quote} »"
    text = f"{before} {quote} {after}"
    anchor = make_anchor(text, quote)
    edited = f"{new_before} {before} {quote} {after} {new_after}"
    assert locate(anchor, edited) == len(new_before) + 1 + len(before) + 1


def test_duplicate_quotes_are_told_apart_by_their_context():
    anchor = make_anchor("Le bureau vote. Puis le conseil vote le budget.", "vote", offset=26)
    moved = "Le bureau vote et propose. Ensuite le conseil vote le budget."
    assert locate(anchor, moved) == moved.index("conseil vote") + len("conseil ")


def test_long_quotes_are_matched_by_head_and_tail():
    quote = "chaque structure membre publie chaque année ses comptes et son rapport moral"
    text = f"Afin d'être transparente, {quote}, sans exception."
    anchor = make_anchor(text, quote)
    edited = text.replace("ses comptes", "ses comptes détaillés")
    edited = edited.replace("Afin", "Pour rester honnête et afin")
    start = locate(anchor, edited)
    assert start == edited.index("chaque structure")
    found = reanchor(anchor, "c", [("c", edited)])
    assert found is not None and found[1].quote.endswith("rapport moral")


def test_typo_fixed_in_the_passage_is_still_found():
    anchor = make_anchor("Nous protégeons la vie privée des utilisateurs.", "la vie privée des utilisateurs")
    assert locate(anchor, "Nous protégeons la vie privée des utilisatrices.") == len("Nous protégeons ")


def test_a_deleted_passage_makes_the_comment_outdated():
    text = "Les membres reversent une cotisation annuelle au collectif."
    anchor = make_anchor(text, "une cotisation annuelle")
    later = [("c", "Les membres participent au collectif."), ("d", "Autre clause.")]
    assert reanchor(anchor, "c", later) is None
    assert locate(make_anchor("abc de", "de"), "abc") is None  # short quotes are only matched exactly


def test_a_passage_moved_to_another_clause_follows_it():
    anchor = make_anchor("Les données restent chez les membres.", "restent chez les membres")
    later = [("a", "Autre chose entièrement."), ("b", "Les données restent chez les membres du collectif.")]
    found = reanchor(anchor, "a", later)
    assert found is not None and found[0] == "b" and found[1].offset == len("Les données ")


def test_carried_forward_through_ten_versions():
    text = "Chaque hébergeur membre s'engage à ne pas exploiter les données de ses utilisateurs."
    anchor = make_anchor(text, "ne pas exploiter les données")
    for version in range(10):
        text = f"({version}) " + text.replace("s'engage", "s'engage fermement", 1 if version % 2 else 0)
        text = text.replace("données", "données personnelles") if version == 5 else text
        found = reanchor(anchor, "c", [("x", "Une autre clause."), ("c", text)])
        assert found is not None and found[0] == "c"
        anchor = found[1]
        assert text[anchor.offset:anchor.offset + len(anchor.quote)] == anchor.quote
    assert anchor.quote.startswith("ne pas exploiter les données")


@settings(max_examples=60, deadline=None)
@given(phrase, phrase)
def test_nothing_close_enough_means_none(before, after):
    assume("cotisation" not in before + after)
    quote = "une cotisation annuelle obligatoire"
    anchor = make_anchor(f"{before} {quote} {after}", quote)
    assert locate(anchor, f"{before} {after}") is None
