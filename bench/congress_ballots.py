"""400 delegates of 150 organisations vote on one amendment within a minute (issue 20.5).

A bench goal, not a test: it is bounded (each delegate sends two or three ballots, each of
100 readers a few pages; the whole stops at 60 s) and speaks only to 127.0.0.1. PostgreSQL
(started here from the server binaries, as the tests do) and gunicorn with 4 workers × 4
threads. Beside the ballots, a few clients call hello-world (/healthz) all along: its p99
is measured under the same load, in the same run. Afterwards: every answer checked, one
ballot per organisation, the API's tally equal to the stored ballots.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from pytest_postgresql.executors.proc import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy import func, select

from app import create_app
from app.amendments import services as amendment_services
from app.auth import services as auth_services
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db
from app.members import services as member_services
from app.votes import services as vote_services
from app.votes.models import Ballot
from bench import load, prose
from bench.corpus import change_one_clause
from config import TestConfig
from tests.load.conftest import Answer, call
from tests.support.databases import PG_CTL_WRAPPER, postgresql_available

ORGANISATIONS = 150
DELEGATES = 400
READERS = 100
READS = 5
HELLO_CLIENTS = 2
SECONDS = 60
CHOICES = ("for", "against", "abstain")


@contextmanager
def postgresql():
    """A throw-away PostgreSQL cluster on 127.0.0.1 and an empty database: its URL."""
    with tempfile.TemporaryDirectory(prefix="palabre-pg-") as tmp:
        os.chmod(tmp, 0o777)  # pg_ctl runs as uid 1000 when we are root (tests/support/pg_ctl.sh)
        port = load.free_port()
        executor = PostgreSQLExecutor(
            executable=PG_CTL_WRAPPER, host="127.0.0.1", port=port, datadir=f"{tmp}/data",
            unixsocketdir=tmp, logfile=f"{tmp}/postgresql.log", startparams="-w", dbname="palabre",
            postgres_options="-c max_connections=200")
        executor.start()
        try:
            executor.wait_for_postgres()
            with DatabaseJanitor(user=executor.user, host=executor.host, port=port, dbname="palabre_ballots",
                                 password=executor.password):
                yield f"postgresql+psycopg://{executor.user}@127.0.0.1:{port}/palabre_ballots"
        finally:
            executor.stop()


def seed() -> dict:
    """150 organisations, 400 delegates with API tokens, an amendment in voting."""
    now = utcnow()
    facilitator = auth_services.create_person("facilitation@congres.example", "Facilitation", is_facilitator=True)
    text = prose.programme(120, 30_000)
    programme = create_document("congres", "Programme du congrès", text, author=facilitator,
                                now=now - timedelta(days=30), summary="v1")
    organisations = [member_services.create_organisation(f"federation-{n:03d}", f"Fédération {n + 1}")
                     for n in range(ORGANISATIONS)]
    tokens, organisation_of = [], []
    for n in range(DELEGATES):
        organisation = organisations[n % ORGANISATIONS]
        delegate = auth_services.create_person(f"delegue-{n:03d}@congres.example", f"Délégué·e {n + 1}",
                                               organisation=organisation, is_delegate=True)
        tokens.append(auth_services.issue_token(delegate))
        organisation_of.append(organisation.id)
    amendment = amendment_services.create_amendment(
        programme, author=facilitator, title="Un article modifié", rationale="Pour le congrès.",
        markdown=change_one_clause(text, 3), base_number=1, now=now - timedelta(days=20))
    vote = vote_services.open_vote(amendment, by=facilitator, now=now - timedelta(hours=1))
    db.session.commit()
    return {"tokens": tokens, "amendment": amendment.id, "vote": vote.id}


def choices(number: int) -> list[str]:
    """A first ballot, then one or two changes."""
    first, second = CHOICES[number % 3], CHOICES[(number + 1) % 3]
    return [first, second] if number % 4 else [first, second, CHOICES[(number * 7) % 3]]


def clients(base: str, seeded: dict) -> dict:
    amendment = seeded["amendment"]
    answers: list[tuple[Answer, float]] = []
    hello_ms: list[float] = []
    failures: list[BaseException] = []
    deadline = time.monotonic() + SECONDS + 30  # set again once everyone has started
    start = threading.Barrier(DELEGATES + READERS + HELLO_CLIENTS + 1, timeout=120)
    done = threading.Event()

    def timed(method: str, path: str, **kwargs) -> None:
        if time.monotonic() > deadline:
            return
        began = time.perf_counter()
        answer = call(base, method, path, timeout=SECONDS, **kwargs)
        answers.append((answer, (time.perf_counter() - began) * 1000))

    def delegate(number: int) -> None:
        start.wait()
        for choice in choices(number):
            timed("PUT", f"/api/v1/amendments/{amendment}/ballot", token=seeded["tokens"][number],
                  body={"choice": choice, "justification": f"Mandat {number}"})

    def reader(number: int) -> None:
        pages = ["/documents/congres", f"/amendments/{amendment}", f"/api/v1/amendments/{amendment}",
                 "/documents/congres/amendments", f"/api/v1/amendments/{amendment}/ballots"]
        start.wait()
        for n in range(READS):
            timed("GET", pages[(number + n) % len(pages)])

    def hello() -> None:
        start.wait()
        while not done.is_set() and time.monotonic() < deadline:
            began = time.perf_counter()
            if call(base, "GET", "/healthz").status == 200:
                hello_ms.append((time.perf_counter() - began) * 1000)

    def guarded(target, *args) -> None:
        try:
            target(*args)
        except BaseException as error:  # noqa: BLE001  (reported in the figures)
            failures.append(error)

    workers = ([threading.Thread(target=guarded, args=(delegate, n)) for n in range(DELEGATES)]
               + [threading.Thread(target=guarded, args=(reader, n)) for n in range(READERS)])
    hellos = [threading.Thread(target=guarded, args=(hello,)) for _ in range(HELLO_CLIENTS)]
    for thread in workers + hellos:
        thread.start()
    start.wait()
    began = time.monotonic()
    deadline = began + SECONDS
    for thread in workers:
        thread.join(timeout=max(1.0, deadline + 5 - time.monotonic()))
    done.set()
    for thread in hellos:
        thread.join(timeout=10)
    return {"answers": answers, "hello_ms": hello_ms, "failures": failures,
            "seconds": time.monotonic() - began}


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else float("nan")


def run() -> dict:
    """The figures of the run (bench/congress_goals.py prints them)."""
    if not postgresql_available():
        return {"ok": False, "ballots": 0, "seconds": 0, "reads": 0, "ballot_p99": float("nan"),
                "hello_p99": float("nan"), "errors": "PostgreSQL not installed", "rows": 0,
                "organisations": ORGANISATIONS}
    with postgresql() as url, tempfile.TemporaryDirectory(prefix="palabre-ballots-") as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.create_all()
            seeded = seed()
            db.session.remove()
            env = load.production_env(url, folder, MAIL_BACKEND="console")
            log = Path(folder) / "gunicorn.log"
            with load.gunicorn(env, workers=4, threads=4, log=log, timeout=60) as base:
                ran = clients(base, seeded)
                tally = call(base, "GET", f"/api/v1/amendments/{seeded['amendment']}").json()["vote"]["tally"]
            return figures(ran, seeded, tally, log.read_text(errors="replace") if log.exists() else "")


def figures(ran: dict, seeded: dict, tally: dict, log: str) -> dict:
    answers = ran["answers"]
    ballots = [(a, ms) for a, ms in answers if a.method == "PUT"]
    reads = [(a, ms) for a, ms in answers if a.method == "GET"]
    wrong = [a for a, _ms in answers if a.status != 200]
    rows = db.session.execute(select(Ballot.organisation_id, func.count()).where(Ballot.vote_id == seeded["vote"])
                              .group_by(Ballot.organisation_id)).all()
    stored = dict(db.session.execute(select(Ballot.choice, func.count()).where(Ballot.vote_id == seeded["vote"])
                                     .group_by(Ballot.choice)).all())
    expected = sum(len(choices(n)) for n in range(DELEGATES))
    errors = len(wrong) + len(ran["failures"]) + (1 if "Traceback" in log else 0)
    ok = (errors == 0 and len(ballots) == expected and ran["seconds"] <= SECONDS
          and len(rows) == ORGANISATIONS and {count for _org, count in rows} == {1}
          and {c: stored.get(c, 0) for c in CHOICES} == {c: tally.get(c, 0) for c in CHOICES})
    return {"ok": ok, "ballots": len(ballots), "expected": expected, "seconds": ran["seconds"],
            "reads": len(reads), "ballot_p99": p99([ms for _a, ms in ballots]),
            "ballot_p50": statistics.median([ms for _a, ms in ballots]) if ballots else float("nan"),
            "hello_p99": p99(ran["hello_ms"]), "hello_requests": len(ran["hello_ms"]),
            "read_p99": p99([ms for _a, ms in reads]), "errors": errors, "rows": len(rows),
            "organisations": ORGANISATIONS,
            "statuses": sorted({a.status for a in wrong}), "failures": [repr(f)[:200] for f in ran["failures"][:3]]}
