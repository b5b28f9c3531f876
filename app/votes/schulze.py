"""The Schulze method, pure Python: ranked ballots (ties allowed) in, a ranking and a winner out.

No Flask, no database: the ballots are lists of tiers of option keys, best first
(`[["a12"], ["a13", "current"]]`: a12 first, a13 and the current text tied second). An option a
ballot leaves out ranks below every option it lists, tied with the other left-out ones.

The count, as in M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011):

1. The pairwise matrix: `pairwise[x][y]`, how many ballots rank x above y.
2. The links: x → y exists when more ballots prefer x to y than the reverse. Its strength is the
   pair (support, opposition) = (`pairwise[x][y]`, `pairwise[y][x]`), compared as the paper's
   *winning votes* (§2.1): the more support, the stronger; at equal support, the less opposition.
   (Comparing the support alone, as short descriptions do, leaves cycles of equal support tied
   that the paper's order decides.)
3. The strongest paths: `strongest[x][y]`, the strength of the strongest path from x to y — a
   path is as strong as its weakest link — as [support, opposition]; [0, 0] when there is no path
   (Floyd–Warshall's widest-path form).
4. x is *better* than y when its strongest path to y is stronger than y's to x; the relation is transitive
   (the paper's §4.1), so it ranks the options: the first tier holds the options no other option
   is better than, the next tier those no remaining option is better than, and so on. Options in
   one tier are tied.
5. The winner is the option of the first tier. When several options share it, the tie is broken
   by a fixed order given by the caller (`tie_break`, defaulting to the order of the options):
   the first of the tied options in that order wins. Palabre's order puts *keep the current text*
   first — a tie never changes the text — then the amendments in the order they were proposed.

A Condorcet winner (an option more ballots prefer to each other option than the reverse) has
links to every option and none come back to it, so it is always the sole first tier.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

Ranking = list[list[str]]


def normalise(ranking: Iterable[Iterable[str]], options: Sequence[str]) -> Ranking:
    """A ballot's tiers checked against the options, each tier in the options' order, empty tiers dropped.

    Raises ValueError for an option that does not exist or one listed twice.
    """
    position = {key: n for n, key in enumerate(options)}
    seen: set[str] = set()
    tiers: Ranking = []
    for tier in ranking:
        keys = list(tier)
        for key in keys:
            if key not in position:
                raise ValueError(f"unknown option {key!r}")
            if key in seen:
                raise ValueError(f"option {key!r} is ranked twice")
            seen.add(key)
        if keys:
            tiers.append(sorted(keys, key=position.__getitem__))
    return tiers


def complete(ranking: Ranking, options: Sequence[str]) -> Ranking:
    """The ballot with the options it leaves out as one last tier."""
    listed = {key for tier in ranking for key in tier}
    rest = [key for key in options if key not in listed]
    return [list(tier) for tier in ranking] + ([rest] if rest else [])


def pairwise_matrix(ballots: Iterable[Ranking], options: Sequence[str]) -> dict[str, dict[str, int]]:
    """`matrix[x][y]`: how many ballots rank x above y (a tie counts for neither)."""
    matrix = {x: {y: 0 for y in options if y != x} for x in options}
    for ballot in ballots:
        tiers = complete(ballot, options)
        for n, tier in enumerate(tiers):
            below = [key for lower in tiers[n + 1:] for key in lower]
            for x in tier:
                row = matrix[x]
                for y in below:
                    row[y] += 1
    return matrix


NO_PATH = [0, 0]


def strength(link: list[int]) -> tuple[int, int]:
    """The order of winning votes: more support first, then less opposition (no path is below any link)."""
    return link[0], -link[1]


def strongest_paths(matrix: dict[str, dict[str, int]], options: Sequence[str]) -> dict[str, dict[str, list[int]]]:
    """`paths[x][y]`: [support, opposition] of the weakest link of the strongest path from x to y ([0, 0]: none)."""
    paths = {x: {y: ([matrix[x][y], matrix[y][x]] if matrix[x][y] > matrix[y][x] else list(NO_PATH))
                 for y in options if y != x} for x in options}
    for via in options:
        for x in options:
            if x == via:
                continue
            for y in options:
                if y in (x, via):
                    continue
                through = min(paths[x][via], paths[via][y], key=strength)
                if strength(through) > strength(paths[x][y]):
                    paths[x][y] = list(through)
    return paths


def better(paths: dict, x: str, y: str) -> bool:
    """x is better than y: its strongest path to y is stronger than y's to x."""
    return strength(paths[x][y]) > strength(paths[y][x])


def tiers_of(paths: dict[str, dict[str, int]], options: Sequence[str]) -> Ranking:
    """The options in tiers, best first: each tier the remaining options no remaining option is better than."""
    remaining = list(options)
    tiers: Ranking = []
    while remaining:
        tier = [x for x in remaining if not any(better(paths, y, x) for y in remaining if y != x)]
        tiers.append(tier)
        remaining = [x for x in remaining if x not in tier]
    return tiers


@dataclass(frozen=True)
class Count:
    """The whole count: what the minutes print and the result page draws."""

    options: tuple[str, ...]
    ballots: int
    pairwise: dict[str, dict[str, int]]
    strongest: dict[str, dict[str, list[int]]]
    ranking: Ranking
    winner: str | None
    tied_winners: tuple[str, ...]  # the first tier when it held several options (the tie-break chose)

    def prefer(self, x: str, y: str) -> int:
        """How many ballots rank x above y."""
        return self.pairwise[x][y]

    def beats(self, x: str, y: str) -> bool:
        """x is better than y by the strongest paths."""
        return better(self.strongest, x, y)

    def beats_head_to_head(self, x: str, y: str) -> bool:
        return self.pairwise[x][y] > self.pairwise[y][x]

    @property
    def condorcet_winner(self) -> str | None:
        """The option more ballots prefer to each other option than the reverse, if there is one."""
        return next((x for x in self.options
                     if all(self.beats_head_to_head(x, y) for y in self.options if y != x)), None)

    def as_json(self) -> dict:
        return {"options": list(self.options), "ballots": self.ballots, "pairwise": self.pairwise,
                "strongest_paths": self.strongest, "ranking": self.ranking, "winner": self.winner,
                "tied_winners": list(self.tied_winners)}


def count(ballots: Iterable[Ranking], options: Sequence[str], tie_break: Sequence[str] | None = None) -> Count:
    """Count ranked ballots by the Schulze method; `tie_break` orders the options for a tie at the top."""
    options = tuple(options)
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct")
    ballots = [normalise(ballot, options) for ballot in ballots]
    matrix = pairwise_matrix(ballots, options)
    paths = strongest_paths(matrix, options)
    ranking = tiers_of(paths, options)
    order = list(tie_break) if tie_break is not None else list(options)
    if sorted(order) != sorted(options):
        raise ValueError("the tie-break must order exactly the options")
    first = ranking[0] if ranking else []
    winner = min(first, key=order.index) if first else None
    return Count(options=options, ballots=len(ballots), pairwise=matrix, strongest=paths, ranking=ranking,
                 winner=winner, tied_winners=tuple(sorted(first, key=order.index)) if len(first) > 1 else ())


def from_json(data: dict) -> Count:
    """A count stored as `Count.as_json()` (a closed vote's result) back as a Count."""
    return Count(options=tuple(data["options"]), ballots=data["ballots"], pairwise=data["pairwise"],
                 strongest=data["strongest_paths"], ranking=data["ranking"], winner=data["winner"],
                 tied_winners=tuple(data.get("tied_winners", ())))
