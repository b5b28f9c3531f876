"""The speed goals of issue 9, each beside its baseline measured in the same run.

1. Pages under gunicorn (2 workers, wrk or a Python client) against hello-world (/healthz)
   under the same gunicorn: the document page of a 100 KB, 400-clause document with 500
   comments, and its amendment page, compare page and API amendment listing (goal for each:
   at least 40 % of hello-world's rate). Measured in rounds (hello-world, then each page);
   the ratio is taken within each round and the median over rounds printed.
2. The SQL queries of each of those pages, for a small and the large document: they must not
   grow with clauses, comments, versions or amendments.
3. Accepting and merging a one-clause amendment into that document (in-process, median of
   rounds) against rendering the whole text (goal: under 5 %).
4. The RSS of a gunicorn worker (1 worker) after serving 10,000 requests across those pages
   (goal: under 150 MB).
"""
from __future__ import annotations

import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import psutil
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.amendments import lifecycle, listing, merging
from app.amendments import services as amendment_services
from app.documents import queries
from app.extensions import db
from app.members.models import Person
from app.text.clauses import split_clauses
from app.text.render import render_clauses
from app.auth import services as auth_services
from app.documents import clauses as clause_store
from bench import congress, congress_ballots, congress_goals, inprocess, load, world
from bench.corpus import change_one_clause
from config import TestConfig
from tests.support.client import FreshContextClient
from tests.support.forms import login

CONNECTIONS = 4  # 2 workers: each has one request in hand and one waiting
PAGE_GOAL = 0.40
MERGE_GOAL = 0.05
RSS_GOAL_MB = 150


@dataclass
class Settings:
    """How long to measure: the defaults, or --quick."""

    seconds: int = 5
    rounds: int = 3
    merges: int = 5
    memory_requests: int = 10_000
    memory_seconds: int = 90  # the memory run stops there even if short of its requests

    @classmethod
    def quick(cls) -> Settings:
        return cls(seconds=2, rounds=2, merges=3, memory_requests=2_000, memory_seconds=30)


@dataclass
class Results:
    """Everything measured, for the table and the README section."""

    settings: Settings
    hello: list[float] = field(default_factory=list)  # req/s per round
    rates: dict[str, list[float]] = field(default_factory=dict)  # page → req/s per round
    ratios: dict[str, list[float]] = field(default_factory=dict)  # page → ratio per round
    errors: dict[str, int] = field(default_factory=dict)
    queries: dict[str, tuple[int, int]] = field(default_factory=dict)  # page → (small, large)
    page_ms: dict[str, float] = field(default_factory=dict)  # in-process, large
    merge_ms: float = 0.0
    merge_ratios: list[float] = field(default_factory=list)  # merge / whole render, per round
    # A decision without a merge (voting → rejected: its event, record entry, notification,
    # mail and commit): what any merge costs at the least, beside the same renders.
    floor_ms: float = 0.0
    floor_ratios: list[float] = field(default_factory=list)
    render_ms: float = 0.0
    rss_mb: tuple[float, float] = (0.0, 0.0)  # after warm-up, after all requests
    memory_requests: int = 0
    memory_errors: int = 0
    tool: str = ""
    rate_rss_mb: float = 0.0  # the largest worker of the rate rounds, after them
    rate_requests: dict[str, float] = field(default_factory=dict)  # hello / pages: requests served
    seconds_total: float = 0.0
    congress: congress_goals.CongressResults | None = None  # issue 20, unless --no-congress


@contextmanager
def bench_database(results: Results) -> Iterator[tuple[Flask, str, str]]:
    """A fresh SQLite file and the app on it, inside its context: (app, database URL, folder).

    In process, pages are built every time (PAGE_CACHE off: what a logged-in reader waits
    for); under gunicorn, visitors get the kept pages as in production. The whole run's
    duration goes into `results`.
    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="palabre-goals-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE=False)
        with app.app_context():
            db.create_all()
            try:
                yield app, url, tmp
            finally:
                db.session.remove()
                db.engine.dispose()
    results.seconds_total = time.monotonic() - started


@contextmanager
def figures_kept_on_failure(results: Results) -> Iterator[None]:
    """A phase failing late (the congress, the PostgreSQL ballots) prints the figures measured before it
    instead of losing ten minutes of them, then fails the run as before."""
    try:
        yield
    except BaseException:
        print("\nThe bench failed; the figures measured before the failure:", flush=True)
        try:
            print_table(results)
        except Exception as error:  # noqa: BLE001 - a half-filled result may not print whole: say so
            print(f"(the table could not be printed whole: {type(error).__name__}: {error})")
        raise


def main(settings: Settings, *, with_congress: bool = True, ballots: bool = True) -> Results:
    results = Results(settings)
    with figures_kept_on_failure(results):
        return measured(results, settings, with_congress=with_congress, ballots=ballots)


def measured(results: Results, settings: Settings, *, with_congress: bool, ballots: bool) -> Results:
    with bench_database(results) as (app, url, tmp):
        print("Building the documents…", flush=True)
        persons = world.people()
        small, large = world.build(world.SMALL, persons), world.build(world.LARGE, persons)
        count_queries(app, small, large, results)
        db.session.remove()
        env = load.production_env(url, tmp)
        print("Measuring rates under gunicorn (2 workers)…", flush=True)
        arbiter: dict = {}
        with load.gunicorn(env, workers=2, on_start=lambda p: arbiter.setdefault("pid", p.pid)) as base:
            measure_rates(base, large.urls, results)
            workers = psutil.Process(arbiter["pid"]).children()
            results.rate_rss_mb = max(rss_mb(child) for child in workers)
        print(f"Serving {settings.memory_requests:,} requests to one worker…", flush=True)
        measure_memory(env, large.urls, settings, results)
        print("Merging one-clause amendments…", flush=True)
        measure_merge(large, settings.merges, results)
        if with_congress:
            print("The congress world (issue 20)…", flush=True)
            small_login, small_urls = small_world_logins(), small_member_urls(small)
            db.session.remove()  # no transaction left open on the small world while its pages are read
            results.congress = congress_goals.measure(settings, small_urls, app, small_login, Path(tmp))
    if with_congress and ballots:
        print("400 delegates voting at once (PostgreSQL, 4 gunicorn workers)…", flush=True)
        results.congress.ballots = congress_ballots.run()
    return results


def small_world_logins():
    """A member and a delegate of the small world who can log in, as the congress's can."""
    delegate = auth_services.find_person("delegate@bench-00.example")  # world.people()'s first delegate
    member = auth_services.create_person("member@bench-00.example", "Membre", organisation=delegate.organisation)
    for person in (delegate, member):
        auth_services.set_password(person, congress.PASSWORD)
    db.session.commit()
    emails = {"member": member.email, "delegate": delegate.email}
    return lambda client, role: login(client, emails[role], congress.PASSWORD)


def small_member_urls(small: world.Built) -> dict[str, str]:
    slug = small.shape.slug
    target = queries.find_document(slug)
    # As in the congress (congress.Congress.clause_id): a clause with amendments waiting, so that the filtered
    # list shows some (an empty page sends one query less, whatever the world).
    waiting = listing.waiting_by_clause(target)
    clause = max(waiting, key=waiting.get) if waiting else next(
        c.clause_id for c in clause_store.clauses_of(target.id, target.head_number) if c.kind == "paragraph")
    return {**{name: url for name, url in small.urls.items() if name != "API amendment listing"},
            "amendment list": f"/documents/{slug}/amendments",
            "amendment list, one clause": f"/documents/{slug}/amendments?clause={clause}"}


def merge_only(settings: Settings) -> Results:
    """Goal 3 alone (python -m bench --merge-only): the large document, then its merges."""
    results = Results(settings)
    with bench_database(results):
        print("Building the large document…", flush=True)
        large = world.build(world.LARGE, world.people())
        print("Merging one-clause amendments…", flush=True)
        measure_merge(large, settings.merges, results)
    return results


def print_merge(results: Results) -> None:
    ratio = median(results.merge_ratios)
    print(f"Merge a one-clause amendment into {world.LARGE.describe()}: {results.merge_ms:.0f} ms "
          f"vs a whole render {results.render_ms:.0f} ms = {ratio:.1%} "
          f"(rounds: {', '.join(f'{r:.1%}' for r in results.merge_ratios)}; "
          f"goal < {MERGE_GOAL:.0%}: {yes(ratio < MERGE_GOAL)}). Total {results.seconds_total:.0f} s.")
    print(f"A decision without a merge (rejected: event, record, notification, mail, commit): "
          f"{results.floor_ms:.1f} ms = {median(results.floor_ratios):.1%} of the same renders.")


def count_queries(app, small: world.Built, large: world.Built, results: Results) -> None:
    app.test_client_class = FreshContextClient  # each request in its own context, as under gunicorn
    client = app.test_client()
    for name, url in large.urls.items():
        results.queries[name] = (inprocess.page_queries(client, small.urls[name]),
                                 inprocess.page_queries(client, url))
        results.page_ms[name] = inprocess.request_ms(client, url, rounds=10)
    results.page_ms["hello-world"] = inprocess.request_ms(client, "/healthz", rounds=50)


def measure_rates(base: str, urls: dict[str, str], results: Results) -> None:
    seconds = results.settings.seconds
    for name, url in urls.items():  # warm every page once in both workers
        for _ in range(4):
            assert load.get(int(base.rsplit(":", 1)[1]), url)[0] == 200, url
    for _round in range(results.settings.rounds):
        hello = load.measure(f"{base}/healthz", seconds, CONNECTIONS)
        load.settle(base, 2)
        print(f"  round {_round + 1}: hello-world {hello.requests_per_second:,.0f} req/s", end="", flush=True)
        results.hello.append(hello.requests_per_second)
        served = results.rate_requests
        served["hello"] = served.get("hello", 0) + hello.requests_per_second * seconds
        results.tool = hello.tool
        for name, url in urls.items():
            page = load.measure(f"{base}{url}", seconds, CONNECTIONS)
            load.settle(base, 2)
            print(f", {name} {page.requests_per_second:,.0f}", end="", flush=True)
            results.rates.setdefault(name, []).append(page.requests_per_second)
            served["pages"] = served.get("pages", 0) + page.requests_per_second * seconds
            results.ratios.setdefault(name, []).append(page.requests_per_second / hello.requests_per_second)
            results.errors[name] = results.errors.get(name, 0) + page.errors
        results.errors["hello-world"] = results.errors.get("hello-world", 0) + hello.errors
        print(flush=True)


def measure_memory(env: dict, urls: dict[str, str], settings: Settings, results: Results) -> None:
    """One worker, the requests spread evenly over the pages (time-bounded); its RSS before and after."""
    rss: dict[str, float] = {}

    def worker_rss() -> float:
        children = psutil.Process(arbiter["pid"]).children()
        assert len(children) == 1, children
        return rss_mb(children[0])

    arbiter: dict = {}
    paths = list(urls.values())
    with load.gunicorn(env, workers=1, on_start=lambda p: arbiter.setdefault("pid", p.pid)) as base:
        port = int(base.rsplit(":", 1)[1])
        for path in paths:
            assert load.get(port, path)[0] == 200, path
        rss["warm"] = worker_rss()
        served, errors = load.mixed(base, paths, settings.memory_requests - len(paths),
                                    settings.memory_seconds)
        rss["after"] = worker_rss()
    results.rss_mb = (rss["warm"], rss["after"])
    results.memory_requests = served + len(paths)
    results.memory_errors = errors


def rss_mb(process: psutil.Process) -> float:
    return process.memory_info().rss / 2**20


def measure_merge(large: world.Built, rounds: int, results: Results) -> None:
    """Accept (as a closed vote does) and merge a one-clause amendment into the large document.

    Each round times one merge, then one decision without a merge (another amendment
    rejected: the floor of any merge), then one whole render of the text the merge produced,
    so that all three see the same load on the shared machine; ratios are taken within each
    round. Each merged amendment edits the paragraph that one amendment of the world edits
    (bench/world.py): every round also has a genuine conflict to find and decide.
    """
    target = queries.find_document(large.shape.slug)
    authors = db.session.scalars(select(Person).where(Person.is_delegate).order_by(Person.id)).all()
    merges, floors, renders = [], [], []
    for n in range(rounds):
        head = queries.get_version(target, target.head_number)
        now = inprocess.T0 + timedelta(days=30 + n)
        amendment, refused = [amendment_services.create_amendment(
            target, author=authors[k], title=f"{title} {n}", rationale="Mesure.",
            markdown=change_one_clause(head.markdown, paragraph + n), base_number=head.number, now=now)
            for k, title, paragraph in ((n, "Fusion", 900), (n + rounds, "Refus", 700))]
        for voted in (amendment, refused):
            lifecycle.move(voted, "voting", by=None, now=now)
        db.session.commit()
        started = time.perf_counter()
        version = merging.accept_amendment(amendment, by=None, now=now + timedelta(hours=1))
        db.session.commit()
        merges.append((time.perf_counter() - started) * 1000)
        assert version is not None and version.number == head.number + 1
        started = time.perf_counter()
        amendment_services.reject_amendment(refused, by=None, now=now + timedelta(hours=1))
        db.session.commit()
        floors.append((time.perf_counter() - started) * 1000)
        text = version.markdown
        renders.append(inprocess.timed(lambda _round: render_clauses(split_clauses(text)), 1))
    results.merge_ms, results.render_ms = statistics.median(merges), statistics.median(renders)
    results.floor_ms = statistics.median(floors)
    results.merge_ratios = [merge / render for merge, render in zip(merges, renders)]
    results.floor_ratios = [floor / render for floor, render in zip(floors, renders)]


# ---------------------------------------------------------------------------------------------
# Reporting

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def goal_rows(results: Results) -> list[tuple[str, str, str, str]]:
    """(goal, baseline and measure, ratio or figure, met?)."""
    rows = []
    hello = median(results.hello)
    for name, ratios in results.ratios.items():
        goal, met = f"{name} ≥ 40 % of hello-world's rate", yes(median(ratios) >= PAGE_GOAL)
        rows.append((goal, f"{rate(median(results.rates[name]))} vs {rate(hello)} req/s",
                     f"{median(ratios):.1%} (rounds: {', '.join(f'{r:.1%}' for r in ratios)})", met))
    for name, (small, large) in results.queries.items():
        rows.append((f"{name}: SQL queries do not grow", f"{small} small / {large} large",
                     "same" if large <= small else f"+{large - small}", yes(large <= small)))
    ratio = median(results.merge_ratios)
    rows.append(("merge a one-clause amendment < 5 % of a whole render",
                 f"{results.merge_ms:.0f} ms vs {results.render_ms:.0f} ms",
                 f"{ratio:.1%} (rounds: {', '.join(f'{r:.0%}' for r in results.merge_ratios)})",
                 yes(ratio < MERGE_GOAL)))
    floor = median(results.floor_ratios)
    rows.append(("(the floor: a decision without a merge, same renders)",
                 f"{results.floor_ms:.1f} ms vs {results.render_ms:.0f} ms",
                 f"{floor:.1%} (rounds: {', '.join(f'{r:.0%}' for r in results.floor_ratios)})", "(for information)"))
    warm, after = results.rss_mb
    wanted = results.settings.memory_requests
    complete = results.memory_requests >= wanted
    reached = f"after {results.memory_requests:,} requests"
    if not complete:
        reached += f" (time bound {results.settings.memory_seconds} s)"
    verdict = yes(after < RSS_GOAL_MB) if complete else (
        f"unproven ({'under' if after < RSS_GOAL_MB else 'OVER'} after {results.memory_requests:,})")
    rows.append((f"worker RSS < {RSS_GOAL_MB} MB after {wanted:,} requests over those pages",
                 f"{warm:.0f} MB warm → {after:.0f} MB", reached, verdict))
    rows.append(("(and the 2 workers of the rate rounds, the larger)", f"{results.rate_rss_mb:.0f} MB",
                 f"after ~{results.rate_requests.get('pages', 0):,.0f} page and "
                 f"~{results.rate_requests.get('hello', 0):,.0f} hello-world requests", "(for information)"))
    errors = sum(results.errors.values()) + results.memory_errors
    rows.append(("no error answered during the load", "non-2xx responses", str(errors), yes(errors == 0)))
    if results.congress is not None:
        rows += congress_goals.goal_rows(results.congress)
    return rows


def rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def yes(met: bool) -> str:
    return "yes" if met else "NO"


def machine() -> str:
    load_average = ", ".join(f"{x:.1f}" for x in psutil.getloadavg())
    return (f"{psutil.cpu_count()} shared cores ({platform.machine()}, {cpu_model()}), load average "
            f"{load_average} at the end, Python {platform.python_version()}")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def print_table(results: Results) -> None:
    header = ("goal", "baseline / measured", "ratio / figure", "met?")
    rows = [header, *goal_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    rule = "-+-".join("-" * w for w in widths)
    print(f"\nSpeed goals (issue 9) — {world.LARGE.describe()}; {results.tool}; "
          f"medians of {results.settings.rounds} rounds of {results.settings.seconds} s\n{rule}")
    for n, row in enumerate(rows):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)))
        if n == 0:
            print(rule)
    print(rule)
    print("In-process ms to build each page, never kept (what a logged-in reader waits for; large document, median of 10): "
          + ", ".join(f"{name} {ms:.1f}" for name, ms in results.page_ms.items()))
    print(f"Small document: {world.SMALL.describe()}.")
    if results.congress is not None:
        print(f"Congress world: {results.congress.describe}.")
        print(congress_goals.in_process_line(results.congress))
    print(f"Machine: {machine()}. Total {results.seconds_total:.0f} s.")


def markdown(results: Results, extra_rows: list[tuple[str, str]] = ()) -> str:
    """The README section "Figures of the last run", ready to paste (or written by --readme)."""
    run = results.settings
    quick = "--quick, " if run.rounds < 3 else ""
    lines = [
        f"`make bench` ({quick}medians of {run.rounds} rounds of {run.seconds} s, "
        f"{results.tool}), {time.strftime('%Y-%m-%d')}, on {machine()}. "
        "The machine is shared: only ratios measured within one run mean anything.",
        "",
        f"The large document: {world.LARGE.describe()}; the small one: {world.SMALL.describe()}"
        + (f"; the congress: {results.congress.describe}." if results.congress else "."),
        "",
        "| goal | baseline / measured | ratio / figure | met? |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in goal_rows(results)]
    lines += ["", "The rates are visitors' (pages kept, `app/caching/`). Built every time, in process, as for a "
              "logged-in reader (ms, median of 10): "
              + ", ".join(f"{name} {ms:.1f}" for name, ms in results.page_ms.items()) + "."]
    if results.congress is not None:
        lines += ["", congress_goals.in_process_line(results.congress)]
    if extra_rows:
        lines += ["", "| other figures | |", "|---|---|"] + [f"| {a} | {b} |" for a, b in extra_rows]
    return "\n".join(lines) + "\n"


README_START = "<!-- bench:start (written by `make bench BENCH_ARGS=--readme`) -->"
README_END = "<!-- bench:end -->"


def write_readme(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit(f"{path} has no {README_START} … {README_END} markers to write between.")
    before, rest = text.split(README_START, 1)
    after = rest.split(README_END, 1)[1]
    path.write_text(f"{before}{README_START}\n{section}{README_END}{after}", encoding="utf-8")


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=load.ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
