"""The goals of issue 20 in the congress world (bench/congress.py), beside the small and large
documents of bench/world.py measured in the same run.

1. The pages under gunicorn (2 workers), for a visitor and for a logged-in member and
   delegate, against hello-world under the same gunicorn (goal for the logged-in pages:
   at least 20 % of hello-world's rate).
2. Their SQL queries, for the small world and the congress: they must not grow.
3. In process: the ms to build each page for a member (nothing kept but what the app keeps
   for everyone of a permission class), and the cost of accepting and merging a one-clause
   amendment into the congress text beside the same cost in the small document, each less
   its floor (a decision without a merge), goal: ≤ 1.5 × the small one's.
"""
from __future__ import annotations

import http.client
import re
import secrets
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import select

from app import create_app
from app.amendments import lifecycle, merging
from app.amendments import services as amendment_services
from app.documents import clauses as clause_store
from app.documents import queries
from app.extensions import db
from app.members.models import Person
from bench import congress, inprocess, load
from config import TestConfig
from tests.support.client import FreshContextClient
from tests.support.forms import login

MEMBER_GOAL = 0.20
GROWTH_GOAL = 1.5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class CongressResults:
    hello: list[float] = field(default_factory=list)
    # (reader, page) -> ratio to hello-world per round, and req/s per round
    ratios: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    rates: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    errors: int = 0
    queries: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (small, congress)
    page_ms: dict[tuple[str, str], float] = field(default_factory=dict)
    hello_ms: float = 0.0
    merge: dict[str, tuple[float, float]] = field(default_factory=dict)  # world -> (merge ms, floor ms)
    ballots: dict = field(default_factory=dict)  # the 400-delegate run (bench/ballots.py)
    describe: str = congress.CONGRESS.describe()
    seconds_total: float = 0.0


def log_in(port: int, email: str, password: str) -> dict:
    """A session cookie from the real log-in form, as a browser gets it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/login")
        response = connection.getresponse()
        token = CSRF.search(response.read().decode()).group(1)
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        connection.request("POST", "/login", body=urlencode({"csrf_token": token, "email": email,
                                                             "password": password}),
                           headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        assert response.status == 302, response.status
        return {"Cookie": response.getheader("Set-Cookie").split(";", 1)[0]}
    finally:
        connection.close()


def readers(world: congress.Congress) -> dict[str, str | None]:
    return {"visitor": None, "member": world.member_email, "delegate": world.delegate_email}


def measure(settings, small_urls: dict[str, str], small_app, small_login, folder: Path) -> CongressResults:
    """Everything of issue 20 but the 400-delegate run; `small_login(client, role)` logs a
    test client into the small world as a member or delegate."""
    started = time.monotonic()
    results = CongressResults()
    world = congress.prepare(folder)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=world.url, PAGE_CACHE=False)
    app.test_client_class = FreshContextClient
    small_app.test_client_class = FreshContextClient
    with app.app_context():
        count_and_time(app, world, small_app, small_urls, small_login, results)
        db.session.remove()
        db.engine.dispose()
    env = {"DATABASE_URL": world.url, "PALABRE_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
           "PALABRE_TRUSTED_HOSTS": "127.0.0.1, localhost",  # production refuses to start without it
           "PALABRE_INSTANCE": str(folder), "PALABRE_SECURE_COOKIES": "false"}
    print("Measuring the congress pages under gunicorn (2 workers)…", flush=True)
    with load.gunicorn(env, workers=2, timeout=120) as base:
        rates(base, world, settings, results)
    with app.app_context():
        print("Merging one-clause amendments into the congress text…", flush=True)
        results.merge["congress"] = merge_costs(congress.SLUG, settings.merges)
        db.session.remove()
        db.engine.dispose()
    with small_app.app_context():
        results.merge["small"] = merge_costs("small", settings.merges)
    results.seconds_total = time.monotonic() - started
    return results


def count_and_time(app, world, small_app, small_urls, small_login, results: CongressResults) -> None:
    for reader, email in readers(world).items():
        client = app.test_client()
        if email:
            login(client, email, congress.PASSWORD)
        with small_app.app_context():
            small_client = small_app.test_client()
            if email:
                small_login(small_client, reader)
            small = {name: inprocess.page_queries(small_client, url) for name, url in small_urls.items()}
        for name, url in world.member_urls.items():
            if name not in small:
                continue
            results.queries[(reader, name)] = (small[name], inprocess.page_queries(client, url))
            results.page_ms[(reader, name)] = inprocess.request_ms(client, url, rounds=5)
    results.hello_ms = inprocess.request_ms(app.test_client(), "/healthz", rounds=20)


def rates(base: str, world: congress.Congress, settings, results: CongressResults) -> None:
    port = int(base.rsplit(":", 1)[1])
    cookies = {reader: (log_in(port, email, congress.PASSWORD) if email else {})
               for reader, email in readers(world).items()}
    for reader, headers in cookies.items():  # warm each page in both workers (which one answers is not ours to say)
        for url in world.member_urls.values():
            for _ in range(4):
                assert load.get(port, url, headers)[0] == 200, (reader, url)
    seconds = settings.seconds
    for round_ in range(settings.rounds):
        hello = load.measure(f"{base}/healthz", seconds, 4)
        load.settle(base, 2)
        results.hello.append(hello.requests_per_second)
        print(f"  round {round_ + 1}: hello-world {hello.requests_per_second:,.0f} req/s", flush=True)
        for reader, headers in cookies.items():
            for name, url in world.member_urls.items():
                page = load.measure(f"{base}{url}", seconds, 4, headers)
                load.settle(base, 2)
                results.rates.setdefault((reader, name), []).append(page.requests_per_second)
                results.ratios.setdefault((reader, name), []).append(
                    page.requests_per_second / hello.requests_per_second)
                results.errors += page.errors
            print(f"    {reader}: " + ", ".join(f"{name} {results.rates[(reader, name)][-1]:,.1f}"
                                              for name in world.member_urls), flush=True)


def merge_costs(slug: str, rounds: int) -> tuple[float, float]:
    """(median ms to accept and merge a one-clause amendment, median ms of a decision without a
    merge), in the world the app context is on. Each merge checks every open amendment."""
    target = queries.find_document(slug)
    authors = db.session.scalars(select(Person).where(Person.is_delegate).order_by(Person.id)).all()
    merges, floors = [], []
    for n in range(rounds):
        head = queries.get_version(target, target.head_number)
        stored = clause_store.clauses_of(target.id, head.number)
        paragraphs = [c for c in stored if c.kind == "paragraph"]
        now = inprocess.T0 + timedelta(days=400 + n)
        made = []
        for k in range(2):
            clause = paragraphs[(n * 37 + k * 11) % len(paragraphs)]
            text = "".join(with_sentence(c.source, f"Mesure {n}.{k}.") if c is clause else c.source for c in stored)
            made.append(amendment_services.create_amendment(
                target, author=authors[(n + k) % len(authors)], title=f"Mesure {n}.{k}", rationale="Mesure.",
                markdown=text, base_number=head.number, now=now, target_clause_id=clause.clause_id))
        for amendment in made:
            lifecycle.move(amendment, "voting", by=None, now=now)
        db.session.commit()
        started = time.perf_counter()
        version = merging.accept_amendment(made[0], by=None, now=now + timedelta(hours=1))
        db.session.commit()
        merges.append((time.perf_counter() - started) * 1000)
        assert version is not None
        started = time.perf_counter()
        amendment_services.reject_amendment(made[1], by=None, now=now + timedelta(hours=1))
        db.session.commit()
        floors.append((time.perf_counter() - started) * 1000)
    return statistics.median(merges), statistics.median(floors)


def with_sentence(source: str, sentence: str) -> str:
    body = source.rstrip("\n")
    return f"{body} {sentence}{source[len(body):] or chr(10)}"


# ---------------------------------------------------------------------------------------------
# Reporting

def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def yes(met: bool) -> str:
    return "yes" if met else "NO"


def goal_rows(results: CongressResults) -> list[tuple[str, str, str, str]]:
    rows = []
    hello = median(results.hello)
    for (reader, name), ratios in results.ratios.items():
        ratio = median(ratios)
        goal = "(for information)" if reader == "visitor" else yes(ratio >= MEMBER_GOAL)
        wanted = f"≥ {MEMBER_GOAL:.0%} of hello-world's rate" if reader != "visitor" else "rate"
        rows.append((f"congress, {reader}: {name} {wanted}",
                     f"{median(results.rates[(reader, name)]):,.1f} vs {hello:,.0f} req/s",
                     f"{ratio:.1%} (rounds: {', '.join(f'{r:.1%}' for r in ratios)})", goal))
    for (reader, name), (small, large) in results.queries.items():
        rows.append((f"{reader}, {name}: SQL queries do not grow", f"{small} small / {large} congress",
                     "same" if large <= small else f"+{large - small}", yes(large <= small)))
    if "congress" in results.merge and "small" in results.merge:
        (merge_c, floor_c), (merge_s, floor_s) = results.merge["congress"], results.merge["small"]
        own_c, own_s = max(merge_c - floor_c, 0.0), max(merge_s - floor_s, 0.1)
        rows.append((f"merge a one-clause amendment: congress ≤ {GROWTH_GOAL} × small (less the floor)",
                     f"{own_c:.0f} ms vs {own_s:.0f} ms (merge {merge_c:.0f} / {merge_s:.0f}, "
                     f"floor {floor_c:.0f} / {floor_s:.0f})", f"{own_c / own_s:.1f} ×",
                     yes(own_c <= GROWTH_GOAL * own_s)))
    if results.ballots:
        b = results.ballots
        rows.append(("400 delegates of 150 organisations vote within 60 s (PostgreSQL, 4 workers)",
                     f"{b['ballots']:,} ballots in {b['seconds']:.0f} s, {b['reads']:,} reads",
                     f"ballot p99 {b['ballot_p99']:.0f} ms vs hello-world p99 {b['hello_p99']:.0f} ms",
                     yes(b["ok"])))
        rows.append(("… no error, one ballot per organisation, tally = ballots", f"{b['errors']} errors",
                     f"{b['rows']} rows for {b['organisations']} organisations", yes(b["ok"])))
    rows.append(("no error answered in the congress rounds", "non-2xx responses", str(results.errors),
                 yes(results.errors == 0)))
    return rows


def in_process_line(results: CongressResults) -> str:
    parts = [f"{reader} {name} {ms:.0f}" for (reader, name), ms in results.page_ms.items()]
    return (f"In process, congress world, ms to build each page (median of 5): {', '.join(parts)}; "
            f"hello-world {results.hello_ms:.1f}.")
