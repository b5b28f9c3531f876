"""The document page of a 100 KB, 400-clause text against hello-world, under gunicorn (2 workers).

Also: SQL queries of the page for 100 and 400 clauses, creating a version that changes one
clause against rendering the whole text, comparing two versions, and importing a history.
"""
from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from app import create_app
from app.extensions import db
from bench import inprocess, load
from bench.corpus import change_one_clause
from config import TestConfig

IMPORTED_VERSIONS = 300


def main(seconds: int = 10) -> None:
    """Build the data in a throw-away SQLite instance, measure, print one table."""
    with tempfile.TemporaryDirectory(prefix="palabre-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        rows = measure_in_process(url, Path(tmp))
        env = {"DATABASE_URL": url, "PALABRE_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
               "PALABRE_INSTANCE": tmp}
        with load.gunicorn(env) as base:
            hello = load.measure(f"{base}/healthz", seconds)
            small = load.measure(f"{base}/organisations", seconds)
            page = load.measure(f"{base}/documents/charte", seconds)
    rows[:0] = load_rows(hello, small, page)
    print_table(rows)


def measure_in_process(url: str, tmp: Path) -> list[tuple[str, str, str]]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        inprocess.build("small", 100, 25_000, 2)
        text = inprocess.build("charte", 400, 100_000, 12)
        client = app.test_client()
        small, large = (inprocess.page_queries(client, f"/documents/{s}") for s in ("small", "charte"))
        per_request = [inprocess.request_ms(client, url) for url in ("/healthz", "/organisations", "/documents/charte")]
        compare_page = inprocess.compare_cost(client, "/documents/charte/compare?from=1&to=12&context=full")
        compare_api = inprocess.compare_cost(client, "/api/v1/documents/charte/compare?from=1&to=12")
        inprocess.build("scratch", 400, 100_000, 1)
        one_clause, whole = inprocess.version_costs("scratch", text)
        imported = import_history(app, tmp, text)
        db.session.remove()
        db.engine.dispose()
    return [
        ("In-process ms/request, median of 50", "{:.2f} hello-world / {:.2f} directory".format(*per_request[:2]),
         f"{per_request[2]:.2f} document page"),
        ("SQL queries, document page", f"{small} (100 clauses, 2 versions)", f"{large} (400 clauses, 12 versions)"),
        ("New version changing 1 clause (ms)", f"{one_clause:.1f}", f"whole render {whole:.1f} ms, ×{whole / one_clause:.1f}"),
        ("Compare v1→v12, page, whole text (ms)", f"{compare_page:.1f}", "in-process, median of 5"),
        ("Compare v1→v12, API diff (ms)", f"{compare_api:.1f}", "in-process, median of 5"),
        (f"flask add-version, {IMPORTED_VERSIONS} versions (s)", f"{imported:.1f}", "100 KB each, one run"),
    ]


def import_history(app, tmp: Path, text: str) -> float:
    """Seconds for one `flask add-version` run importing IMPORTED_VERSIONS files."""
    runner = app.test_cli_runner()
    runner.invoke(args=["create-document", "imported", "--title", "Import", "--file", "-"], input=text)
    files = []
    for n in range(IMPORTED_VERSIONS):
        text = change_one_clause(text, 5000 + n)
        path = tmp / f"v{n}.md"
        path.write_text(text, encoding="utf-8")
        files += ["--file", str(path)]
    started = time.perf_counter()
    result = runner.invoke(args=["add-version", "imported", *files, "--summary", "import"])
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started


def load_rows(hello: load.Load, small: load.Load, page: load.Load) -> list[tuple[str, str, str]]:
    """`small` is an ordinary page of the app (the directory): the cost of any page here."""
    ratio = page.requests_per_second / hello.requests_per_second
    verdict = "ok (≥ 1/3)" if ratio >= 1 / 3 else "BELOW 1/3"
    return [
        (f"Requests/s ({page.tool}, 2 workers)", f"{hello.requests_per_second:,.0f} hello-world",
         f"{page.requests_per_second:,.0f} document page"),
        ("Ratio page / hello-world", f"{ratio:.2f}", verdict),
        ("Requests/s, small page (/organisations)", f"{small.requests_per_second:,.0f}",
         f"ratio to hello-world {small.requests_per_second / hello.requests_per_second:.2f}"),
        ("Latency p50 / p99 (ms)", f"{hello.p50_ms:.1f} / {hello.p99_ms:.1f} hello-world",
         f"{page.p50_ms:.1f} / {page.p99_ms:.1f} document page"),
        ("Non-2xx responses", str(hello.errors), str(page.errors)),
    ]


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    rule = "-+-".join("-" * w for w in widths)
    print("\nDocument page benchmark (100 KB, 400 clauses)\n" + rule)
    for row in rows:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    print(rule)
