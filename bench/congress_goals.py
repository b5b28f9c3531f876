"""The goals of issue 20 in the congress world (bench/congress.py), beside the small and large
documents of bench/world.py measured in the same run.

1. The pages under gunicorn (2 workers), for a visitor and for a logged-in member and
   delegate, against hello-world under the same gunicorn (goal for the logged-in pages:
   at least 20 % of hello-world's rate).
2. Their SQL queries, for the small world and the congress: they must not grow.
3. In process: the ms to build each page for a member (nothing kept but what the app keeps
   for everyone of a permission class), and the costs that must grow with the change, not
   with the text (bench/change_costs.py): accepting and merging a one-clause amendment (less
   its floor, a decision without a merge), that merge's check of the open amendments, the
   close of a vote of every organisation, the compare of two versions; each in the congress
   beside the same in the small document, goal: ≤ 1.5 × the small one's.
"""
from __future__ import annotations

import http.client
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode


from app import create_app
from app.extensions import db
from bench import change_costs, congress, inprocess, load, world
from config import TestConfig
from tests.support.client import FreshContextClient
from tests.support.forms import login

MEMBER_GOAL = 0.20
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
    change: dict[str, change_costs.ChangeCosts] = field(default_factory=dict)  # world -> the costs of 20.3
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
    env = load.production_env(world.url, folder)
    print("Measuring the congress pages under gunicorn (2 workers)…", flush=True)
    with load.gunicorn(env, workers=2, timeout=120) as base:
        rates(base, world, settings, results)
    change_costs_of(app, small_app, settings.merges, results)
    results.seconds_total = time.monotonic() - started
    return results


def count_and_time(app, world, small_app, small_urls, small_login, results: CongressResults) -> None:
    inprocess.forget_kept(small_app)  # the small world's pages were read before: counted warm, they would be fewer
    for reader, email in readers(world).items():
        client = app.test_client()
        if email:
            login(client, email, congress.PASSWORD)
        client.get("/")  # what the app keeps for every page (the collective's identity) is read once, not counted
        with small_app.app_context():
            small_client = small_app.test_client()
            if email:
                small_login(small_client, reader)
            small_client.get("/")
            # Each page built from nothing in both worlds (the small one's were built earlier in this run).
            small = {name: inprocess.cold_page_queries(small_app, small_client, url)
                     for name, url in small_urls.items()}
        for name, url in world.member_urls.items():
            if name not in small:
                continue
            results.queries[(reader, name)] = (small[name], inprocess.cold_page_queries(app, client, url))
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


def change_costs_of(app, small_app, rounds: int, results: CongressResults) -> None:
    """Issue 20.3 in the congress, then in the small world (bench/change_costs.py)."""
    for world_app, slug, name in ((app, congress.SLUG, "congress"), (small_app, "small", "small")):
        with world_app.app_context():
            print(f"Merging one-clause amendments, closing votes, comparing versions ({name})…", flush=True)
            results.change[name] = change_costs.measure(slug, rounds)
            db.session.remove()
            if world_app is app:
                db.engine.dispose()


def change_costs_only(rounds: int) -> CongressResults:
    """Issue 20.3 alone (python -m bench --change-costs): the small world and the congress, no gunicorn."""
    results = CongressResults()
    with tempfile.TemporaryDirectory(prefix="palabre-change-") as tmp:
        small_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/small.sqlite", PAGE_CACHE=False)
        with small_app.app_context():
            db.create_all()
            world.build(world.SMALL, world.people())
            db.session.commit()
        built = congress.prepare(Path(tmp))
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=built.url, PAGE_CACHE=False)
        change_costs_of(app, small_app, rounds, results)
        with small_app.app_context():
            db.engine.dispose()
    return results


def print_change_costs(results: CongressResults) -> None:
    for name, figures, ratio, met in change_costs.rows(results.change["congress"], results.change["small"]):
        print(f"{name}: {figures}, {ratio}, met? {met}")
    for world_name, costs in results.change.items():
        print(f"  {world_name} rounds (ms): " + "; ".join(f"{k} {', '.join(f'{v:.3g}' for v in values)}"
                                                     for k, values in costs.rounds.items()))


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
    if "congress" in results.change and "small" in results.change:
        rows.extend(change_costs.rows(results.change["congress"], results.change["small"]))
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
