"""Where a comment's passage is re-anchored does not depend on the clock, and its work is counted.

The anchor found is stored with the comment: on a busy machine it must be the one a calm machine
finds. The clock races here (a day between two readings: anything timed gives up at once) and the
anchors found must not move; the former fuzzy matcher, under a 50 ms limit, lost them.
"""
from __future__ import annotations

import random

from app.text import fuzzy
from app.text.anchor import make_anchor, reanchor
from app.text.words import tokens
from bench import prose
from tests.text.work import counting, race_the_clock

EDITS = ["membres", "assemblée", ",", "l'équipe", "2027", "vote", ""]


def sentences(rng: random.Random, size: int) -> str:
    """Real French prose of about `size` characters."""
    pool, text = prose.sentences(), ""
    while len(text) < size:
        text += rng.choice(pool) + " "
    return text[:size].strip()


def edited(rng: random.Random, text: str, share: float) -> str:
    """About `share` of the words replaced, removed or followed by another."""
    out = []
    for token in tokens(text):
        roll = rng.random()
        out.append(token if roll >= share or not token[0].isalnum()
                   else rng.choice([rng.choice(EDITS), token + " " + rng.choice(EDITS), ""]))
    return "".join(out)


def cases() -> list[tuple]:
    """Quotes of 40 to 2,000 characters edited lightly to heavily, in their clause or moved."""
    rng = random.Random(5)
    found = []
    for size in (40, 120, 300, 800, 2000):
        for share in (0.03, 0.1, 0.3):
            before, quote, after = sentences(rng, 200), sentences(rng, size), sentences(rng, 200)
            anchor = make_anchor(f"{before} {quote} {after}", quote)
            new_quote = edited(rng, quote, share)
            others = [("a", sentences(rng, 500)), ("b", sentences(rng, 500))]
            found.append((anchor, "c", others + [("c", f"{before} {new_quote} {after}")]))
            moved = [("c", sentences(rng, 300)), ("d", f"{new_quote} {after}")]
            found.append((anchor, "c", others[:1] + moved))
    return found


def anchors_found() -> list:
    return [reanchor(anchor, clause_id, clauses) for anchor, clause_id, clauses in cases()]


def test_the_anchor_found_is_the_same_when_the_machine_is_busy(monkeypatch):
    calm = anchors_found()
    fuzzy_found = [found for found, (anchor, _, _) in zip(calm, cases())
                   if found and found[1].quote != anchor.quote]
    assert len(fuzzy_found) >= 10  # the fuzzy matcher did find edited passages, short and long
    race_the_clock(monkeypatch)
    assert anchors_found() == calm


def test_the_former_time_limit_did_move_anchors_on_a_busy_machine(monkeypatch):
    """What the test above guards against: the same search under the former 50 ms limit."""
    calm = anchors_found()
    untimed = fuzzy._matcher

    def timed(text):
        dmp = untimed(text)
        dmp.Diff_Timeout = 0.05
        return dmp

    monkeypatch.setattr(fuzzy, "_matcher", timed)
    assert anchors_found() == calm  # a calm clock: the limit was never reached
    race_the_clock(monkeypatch)
    assert anchors_found() != calm


def test_every_diff_of_the_search_is_untimed_and_bounded_in_size():
    with counting() as work:
        anchors_found()
    assert work.diffs and work.timed == 0
    # Character diffs change at most MAX_DIFF_CHARS (what lies between the common ends); the
    # word diffs of longer passages are bounded by similarity.py's work budget.
    assert max(diff.changed for diff in work.diffs) <= fuzzy.MAX_DIFF_CHARS
