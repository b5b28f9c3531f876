"""The costs that must grow with the change, not with the text (issue 20.3), in process, in one world.

Measured the same way in the small world and in the congress, so that only the size of the text,
of the amendments and of the threads differs: a one-clause merge and its floor (a decision without
a merge), the check of the open amendments that merge makes, the close of a vote every organisation
voted in (rejected: the merge is measured apart), and the compare of two versions a few one-clause
merges apart. Each timed operation is followed by its commit and, on SQLite, by a WAL checkpoint
that is timed with it and also run before it: it then pays for the pages it writes itself, never
for those of the amendments made just before it (a checkpoint lands on whichever commit crosses
the WAL's threshold).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.amendments import checks, lifecycle, merging
from app.amendments import services as amendment_services
from app.amendments.models import Amendment
from app.comments import carry
from app.documents import clauses as clause_store
from app.documents import diffhtml, layouts, queries, views
from app.extensions import db
from app.members.models import Person
from app.votes import services as vote_services
from bench import inprocess

GROWTH_GOAL = 1.5
# A compare costs a few ms, where a scheduling hiccup of the shared cores costs as much: its median is taken
# over more rounds than the merges'.
COMPARE_ROUNDS = 15


@dataclass
class ChangeCosts:
    """Medians in ms over the rounds, in one world."""

    merge: float = 0.0
    floor: float = 0.0
    check: float = 0.0  # the check of the open amendments, inside the merge (before its commit)
    close: float = 0.0
    compare: float = 0.0
    amendments: int = 0  # open amendments the check looked at
    organisations: int = 0  # ballots of the closed votes
    compared: str = ""  # the versions compared
    rounds: dict[str, list[float]] = field(default_factory=dict)


def settle_writes() -> None:
    """SQLite: every page written so far reaches the database file (nothing left in the WAL)."""
    if db.engine.dialect.name != "sqlite":
        return
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def timed_write(action: Callable[[], object]) -> tuple[float, object]:
    """(ms of `action` with its commit and its checkpoint, what it returned)."""
    db.session.commit()
    settle_writes()
    started = time.perf_counter()
    result = action()
    db.session.commit()
    settle_writes()
    return (time.perf_counter() - started) * 1000, result


@contextmanager
def timing(module, name: str, into: list[float]):
    """Each call of `module.name` inside the block, timed into `into` (a phase of a longer operation)."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            into.append((time.perf_counter() - started) * 1000)

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def with_sentence(source: str, sentence: str) -> str:
    body = source.rstrip("\n")
    return f"{body} {sentence}{source[len(body):] or chr(10)}"


def one_clause_amendments(target, authors: list[Person], n: int, count: int, now) -> list:
    """`count` amendments each adding a sentence to another paragraph of the head."""
    head = queries.get_version(target, target.head_number)
    stored = clause_store.clauses_of(target.id, head.number)
    paragraphs = [c for c in stored if c.kind == "paragraph"]
    made = []
    for k in range(count):
        clause = paragraphs[(n * 37 + k * 11) % len(paragraphs)]
        text = "".join(with_sentence(c.source, f"Mesure {n}.{k}.") if c is clause else c.source for c in stored)
        made.append(amendment_services.create_amendment(
            target, author=authors[(n + k) % len(authors)], title=f"Mesure {n}.{k}", rationale="Mesure.",
            markdown=text, base_number=head.number, now=now, target_clause_id=clause.clause_id))
    return made


def delegates() -> list[Person]:
    return db.session.scalars(select(Person).where(Person.is_delegate).order_by(Person.id)).all()


def merge_costs(slug: str, rounds: int, costs: ChangeCosts) -> None:
    """Accept and merge a one-clause amendment, then reject another (the floor), `rounds` times."""
    target = queries.find_document(slug)
    authors = delegates()
    merges, floors, checking, versions, three_way, carried = [], [], [], [], [], []
    for n in range(rounds):
        now = inprocess.T0 + timedelta(days=400 + n)
        made = one_clause_amendments(target, authors, n, 2, now)
        for amendment in made:
            lifecycle.move(amendment, "voting", by=None, now=now)
        later = now + timedelta(hours=1)
        texts: list[float] = []
        with (timing(merging, "flag_stale_amendments", checking), timing(merging, "create_version", versions),
              timing(merging, "merged_text", texts), timing(carry, "carry_forward", carried)):
            ms, version = timed_write(lambda: merging.accept_amendment(made[0], by=None, now=later))
        assert version is not None
        merges.append(ms)
        three_way.append(sum(texts))
        floors.append(timed_write(lambda: amendment_services.reject_amendment(made[1], by=None, now=later))[0])
    costs.merge, costs.floor, costs.check = map(statistics.median, (merges, floors, checking))
    costs.amendments = len(db.session.scalars(select(Amendment.id).where(
        Amendment.document_id == target.id, Amendment.status.in_(checks.CHECKED))).all())
    # Phases, in the rounds line only: the new version (its clauses, threads, index) and the
    # three-way merges (the merged amendment's, then the check's; the check also moves those it broke),
    # and the threads carried into the new version (inside the version's phase).
    costs.rounds.update(merge=merges, floor=floors, check=checking, version=versions, three_way=three_way,
                        carry=carried)


def close_costs(slug: str, rounds: int, costs: ChangeCosts) -> None:
    """Close (rejected) a vote on a one-clause amendment in which every organisation cast its ballot."""
    target = queries.find_document(slug)
    voters = list({person.organisation_id: person for person in reversed(delegates())}.values())
    facilitator = db.session.scalar(select(Person).where(Person.is_facilitator).order_by(Person.id))
    timings = []
    for n in range(rounds):
        now = inprocess.T0 + timedelta(days=500 + n)
        amendment = one_clause_amendments(target, voters, 100 + n, 1, now)[0]
        opened = now + timedelta(days=target.discussion_days + 1)  # once its discussion has lasted
        closes = opened + timedelta(days=target.voting_days)
        vote = vote_services.open_vote(amendment, by=facilitator, now=opened, closes_at=closes)
        for voter in voters:
            vote_services.cast_ballot(vote, by=voter, choice="against", justification="Mandat.", now=opened)
        ms, closed = timed_write(lambda: vote_services.close_vote(vote, now=closes))
        assert closed and amendment.status == "rejected", (closed, amendment.status)
        timings.append(ms)
    costs.close, costs.organisations = statistics.median(timings), len(voters)
    costs.rounds["close"] = timings


def compare_costs(slug: str, distance: int, rounds: int, costs: ChangeCosts) -> None:
    """Build the compare page's changes between two versions `distance` one-clause merges apart, as the
    page does when no worker has them yet: the two versions read, their clauses compared, the HTML of
    the changes (folded) made; each round from nothing (no diff kept from the round before).

    A version's layout (app/documents/layouts.py) is kept per worker like the HTML of its text, since a
    version never changes: the first round reads both layouts (its figure, in the rounds line, is the
    compare of a worker that never showed either version), the others find them kept."""
    document = queries.find_document(slug)
    head = document.head_number
    compares = []
    layouts.forget()
    for _round in range(rounds):
        db.session.expire_all()  # everything is read each time, as by a request
        diffhtml.forget_kept()
        with current_app.test_request_context(f"/documents/{slug}/compare"):
            started = time.perf_counter()
            old = queries.get_version(document, head - distance, light=True)
            new = queries.get_version(document, head, light=True)
            html = views.comparison_html(document=document, old=old, new=new, mode="inline", context="changes",
                                         view="text")
            compares.append((time.perf_counter() - started) * 1000)
        assert "diff-row--changed" in html
    costs.compare, costs.compared = statistics.median(compares), f"{head - distance} → {head}"
    costs.rounds["compare"] = compares
    db.session.rollback()


def measure(slug: str, rounds: int) -> ChangeCosts:
    """The four costs in the world the app context is on; the compare spans the merges just made."""
    costs = ChangeCosts()
    merge_costs(slug, rounds, costs)
    compare_costs(slug, rounds, COMPARE_ROUNDS, costs)
    close_costs(slug, rounds, costs)
    return costs


def rows(congress: ChangeCosts, small: ChangeCosts) -> list[tuple[str, str, str, str]]:
    """The table's rows: each cost in the congress beside the small world's, the ratio and the goal."""
    own_c, own_s = max(congress.merge - congress.floor, 0.0), max(small.merge - small.floor, 0.1)
    found = [(f"merge a one-clause amendment: congress ≤ {GROWTH_GOAL} × small (less the floor)",
              f"{own_c:.0f} ms vs {own_s:.0f} ms (merge {congress.merge:.0f} / {small.merge:.0f}, "
              f"floor {congress.floor:.0f} / {small.floor:.0f})", own_c / own_s)]
    found.append((f"… its check of the open amendments ({congress.amendments:,} vs {small.amendments}) "
                  f"≤ {GROWTH_GOAL} ×",
                  f"{congress.check:.1f} ms vs {small.check:.1f} ms", congress.check / max(small.check, 0.1)))
    found.append((f"close a vote (rejected) of {congress.organisations} vs {small.organisations} organisations "
                  f"≤ {GROWTH_GOAL} ×",
                  f"{congress.close:.0f} ms vs {small.close:.0f} ms", congress.close / max(small.close, 0.1)))
    found.append((f"compare versions {congress.compared} (congress) vs {small.compared} (small) ≤ {GROWTH_GOAL} ×",
                  f"{congress.compare:.0f} ms vs {small.compare:.0f} ms", congress.compare / max(small.compare, 0.1)))
    return [(name, figures, f"{ratio:.1f} ×", "yes" if ratio <= GROWTH_GOAL else "NO")
            for name, figures, ratio in found]
