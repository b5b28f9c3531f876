"""The Schulze count against published examples, and its properties for any ballots (hypothesis).

Example 1 is the first example of M. Schulze's paper (Social Choice and Welfare 36, 2011), also the
worked example of Wikipedia's "Schulze method": its matrix of pairwise preferences, its table of
strongest paths and its ranking E > A > C > B > D are checked cell by cell. The Tennessee example is
Wikipedia's ("Condorcet method"): Memphis has the most first places, Nashville is the Condorcet winner.
An independent implementation (schulze-condorcet, used by the CdE's assemblies) must find the same
first tier for random ballots.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schulze_condorcet import schulze_evaluate

from app.votes import schulze


def ballots_of(spec: list[tuple[int, str]]) -> list[list[list[str]]]:
    """[(5, "ACBED"), …] → five ballots A > C > B > E > D, …; "B=C" in a string is a tie."""
    ballots = []
    for number, order in spec:
        tiers = [list(tier) for tier in order.split(">")] if ">" in order or "=" in order else [[c] for c in order]
        tiers = [[key for key in tier if key != "="] for tier in tiers]
        ballots += [tiers] * number
    return ballots


SCHULZE_1 = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"),
             (8, "EBADC")]


def test_schulze_first_example_matrix_paths_and_ranking():
    count = schulze.count(ballots_of(SCHULZE_1), "ABCDE")
    assert count.ballots == 45
    d = {"A": [20, 26, 30, 22], "B": [25, 16, 33, 18], "C": [19, 29, 17, 24], "D": [15, 12, 28, 14],
         "E": [23, 27, 21, 31]}
    p = {"A": [28, 28, 30, 24], "B": [25, 28, 33, 24], "C": [25, 29, 29, 24], "D": [25, 28, 28, 24],
         "E": [25, 28, 28, 31]}
    for x in "ABCDE":
        others = [y for y in "ABCDE" if y != x]
        assert [count.pairwise[x][y] for y in others] == d[x]
        assert [count.strongest[x][y][0] for y in others] == p[x]  # the published table gives the support
    assert count.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert count.winner == "E" and count.tied_winners == ()
    assert count.condorcet_winner is None  # a cycle: the paths decide


def test_schulze_first_example_winner_is_not_the_plurality_winner():
    firsts = {}
    for ballot in ballots_of(SCHULZE_1):
        firsts[ballot[0][0]] = firsts.get(ballot[0][0], 0) + 1
    plurality = max(firsts, key=firsts.get)
    assert plurality == "C" and schulze.count(ballots_of(SCHULZE_1), "ABCDE").winner == "E"


def test_tennessee_condorcet_winner_beats_the_plurality_winner():
    # Memphis (M), Nashville (N), Chattanooga (C), Knoxville (K): 42, 26, 15 and 17 voters of 100.
    count = schulze.count(ballots_of([(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")]), "MNCK")
    assert count.condorcet_winner == "N" and count.winner == "N"
    assert count.ranking == [["N"], ["C"], ["K"], ["M"]]
    assert count.pairwise["N"]["M"] == 58 and count.pairwise["M"]["N"] == 42


def test_a_cycle_of_four_decided_by_the_paths():
    # 21 voters; A > C > D > B is the strongest cycle, D wins (the classic four-candidate example).
    count = schulze.count(ballots_of([(8, "ACDB"), (2, "BADC"), (4, "CDBA"), (4, "DBAC"), (3, "DCBA")]), "ABCD")
    assert count.winner == "D" and count.condorcet_winner is None


def test_a_tie_at_the_top_is_broken_by_the_given_order():
    # Schulze's 9-voter example with two potential winners: B and D tie at the top.
    ballots = ballots_of([(3, "ABCD"), (2, "DABC"), (2, "DBCA"), (2, "CBDA")])
    count = schulze.count(ballots, "ABCD")
    assert count.ranking[0] == ["B", "D"]
    assert count.winner == "B" and count.tied_winners == ("B", "D")
    assert schulze.count(ballots, "ABCD", tie_break="DCBA").winner == "D"


def test_at_equal_support_the_link_with_less_opposition_is_stronger():
    # current → a1 (5 to 3), a1 → a2 (5 to 3), a2 → current (5 to 4): a cycle of equal support, which the
    # paper's winning votes break on the opposition: a2 → current is the weakest link, the current text wins.
    drawn = [[["current"]], [["current", "a1"]], [["a1"]], [["a1", "a2"]], [["a2"]], [["current"], ["a1"]],
             [["current"], ["a1"]], [["a1"], ["a2"]], [["a2"], ["current"]], [["a2"], ["current"]]]
    count = schulze.count(drawn, ["current", "a1", "a2"])
    assert count.strongest["a2"]["current"] == [5, 4] and count.strongest["current"]["a2"] == [5, 3]
    assert count.ranking[0] == ["current"] and count.tied_winners == ()


def test_left_out_options_rank_last_together_and_ties_count_for_neither():
    count = schulze.count([[["a1"]], [["a2", "current"]]], ["a1", "a2", "current"])
    assert count.pairwise["a1"] == {"a2": 1, "current": 1}
    assert count.pairwise["a2"] == {"a1": 1, "current": 0}
    assert count.pairwise["current"] == {"a1": 1, "a2": 0}


def test_no_ballot_ties_everything_and_the_order_decides():
    count = schulze.count([], ["current", "a1", "a2"])
    assert count.ranking == [["current", "a1", "a2"]] and count.winner == "current"


@pytest.mark.parametrize("ranking, problem", [([["x"]], "unknown"), ([["a"], ["a"]], "twice"),
                                              ([["a", "a"]], "twice")])
def test_a_ballot_naming_an_unknown_option_or_one_twice_is_refused(ranking, problem):
    with pytest.raises(ValueError, match=problem):
        schulze.normalise(ranking, ["a", "b"])


def test_normalise_orders_tiers_and_drops_empty_ones():
    assert schulze.normalise([["c", "a"], [], ["b"]], ["a", "b", "c"]) == [["a", "c"], ["b"]]


def test_the_count_round_trips_through_json():
    count = schulze.count(ballots_of(SCHULZE_1), "ABCDE")
    assert schulze.from_json(count.as_json()) == count


# Properties, for any ballots ---------------------------------------------------------------------------

OPTIONS = ["current", "a1", "a2", "a3"]


@st.composite
def ballot(draw, options=OPTIONS):
    """A ranked ballot over some of the options (ties allowed, some left out)."""
    keys = draw(st.permutations(options))
    listed = keys[:draw(st.integers(0, len(keys)))]
    cuts = sorted(draw(st.sets(st.integers(1, max(len(listed) - 1, 1)), max_size=len(listed))))
    tiers, start = [], 0
    for cut in [c for c in cuts if c < len(listed)] + [len(listed)]:
        if listed[start:cut]:
            tiers.append(list(listed[start:cut]))
        start = cut
    return tiers


ballots = st.lists(ballot(), max_size=25)


@given(ballots)
@settings(max_examples=300, deadline=None)
def test_a_condorcet_winner_always_wins(drawn):
    count = schulze.count(drawn, OPTIONS)
    if count.condorcet_winner is not None:
        assert count.winner == count.condorcet_winner and count.ranking[0] == [count.condorcet_winner]


@given(ballots, st.permutations(OPTIONS))
@settings(max_examples=300, deadline=None)
def test_adding_a_ballot_ranking_the_winner_first_never_makes_it_lose(drawn, tie_break):
    """The added ballot ranks the winner first and raises nothing else (every other option left out)."""
    winner = schulze.count(drawn, OPTIONS, tie_break=tie_break).winner
    again = schulze.count(drawn + [[[winner]]], OPTIONS, tie_break=tie_break)
    assert again.winner == winner


@given(ballots)
@settings(max_examples=300, deadline=None)
def test_the_relation_is_transitive_and_the_tiers_cover_every_option(drawn):
    count = schulze.count(drawn, OPTIONS)
    assert sorted(key for tier in count.ranking for key in tier) == sorted(OPTIONS)
    for x in OPTIONS:
        for y in OPTIONS:
            for z in OPTIONS:
                if len({x, y, z}) == 3 and count.beats(x, y) and count.beats(y, z):
                    assert count.beats(x, z)
    position = {key: n for n, tier in enumerate(count.ranking) for key in tier}
    for x in OPTIONS:
        for y in OPTIONS:
            if x != y and count.beats(x, y):
                assert position[x] < position[y]


@given(ballots)
@settings(max_examples=300, deadline=None)
def test_the_first_tier_is_that_of_an_independent_implementation(drawn):
    votes = [">".join("=".join(tier) for tier in schulze.complete(ranking, OPTIONS)) for ranking in drawn]
    theirs = schulze_evaluate(votes, OPTIONS).split(">")[0].split("=")
    assert sorted(schulze.count(drawn, OPTIONS).ranking[0]) == sorted(theirs)
