"""In-process figures beside the goals: creating a version that changes one clause against
rendering the whole text, comparing two versions, printing a version, and importing a history."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from app import create_app
from app.extensions import db
from bench import inprocess
from bench.corpus import change_one_clause
from config import TestConfig
from tests.support.client import FreshContextClient

IMPORTED_VERSIONS = 300


def main() -> list[tuple[str, str]]:
    """Build the data in a throw-away SQLite instance, measure in-process, print and return the rows."""
    with tempfile.TemporaryDirectory(prefix="palabre-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        rows = measure_in_process(url, Path(tmp))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    print("\nOther figures (in-process, a 100 KB, 400-clause document of 12 versions, no comments)")
    for row in rows:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    return rows


def measure_in_process(url: str, tmp: Path) -> list[tuple[str, str]]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE=False)  # the cost of building pages
    with app.app_context():
        db.create_all()
        text = inprocess.build("charte", 400, 100_000, 12)
        app.test_client_class = FreshContextClient  # each request in its own context, as under gunicorn
        client = app.test_client()
        compare_page = inprocess.compare_cost(client, "/documents/charte/compare?from=1&to=12&context=full")
        compare_api = inprocess.compare_cost(client, "/api/v1/documents/charte/compare?from=1&to=12")
        pdf, odt, page = print_costs(app, client, "/documents/charte/versions/12")
        inprocess.build("scratch", 400, 100_000, 1)
        one_clause, whole = inprocess.version_costs("scratch", text)
        imported = import_history(app, tmp, text)
        db.session.remove()
        db.engine.dispose()
    return [
        ("new version changing one clause vs rendering the whole text",
         f"{one_clause:.1f} ms vs {whole:.1f} ms (×{whole / one_clause:.1f})"),
        ("compare v1 → v12, whole text (page) / diff (API)",
         f"{compare_page:.0f} ms / {compare_api:.0f} ms"),
        ("PDF of the 100 KB version (made once, then kept) vs building its page",
         f"{pdf:.0f} ms vs {page:.0f} ms (×{pdf / page:.0f}); ODT {odt:.0f} ms"),
        (f"`flask add-version` of {IMPORTED_VERSIONS} versions of 100 KB", f"{imported:.1f} s"),
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


def print_costs(app, client, page_url: str, rounds: int = 3) -> tuple[float, float, float]:
    """(ms to make the PDF, ms to make the ODT, ms to build the page) of one version, in process.

    The worker keeps a version's files once made: each round forgets them, to time the making.
    """
    def made(suffix: str):
        def get(_round: int) -> None:
            app.extensions.pop("printed_versions", None)
            assert client.get(page_url + suffix).status_code == 200
        return get
    made(".pdf")(0)  # fonts and templates loaded once, as in a worker that has printed before
    return (inprocess.timed(made(".pdf"), rounds), inprocess.timed(made(".odt"), rounds),
            inprocess.request_ms(client, page_url, rounds=10))
