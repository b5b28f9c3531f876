"""gunicorn on 127.0.0.1 against the test's own database (SQLite file or PostgreSQL), and a client."""
from __future__ import annotations

import http.client
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.extensions import db
from bench import load


@dataclass
class Answer:
    """One HTTP answer as the load tests keep it."""

    method: str
    path: str
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body)


def call(base: str, method: str, path: str, *, token: str | None = None, body: dict | None = None,
         timeout: float = 60.0) -> Answer:
    """One request on a fresh connection (as independent clients would make)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        return Answer(method, path, response.status, response.read())
    finally:
        connection.close()


@pytest.fixture
def serve(app, database_url, tmp_path):
    """serve(workers=…, threads=…, app_module=…, env=…): gunicorn on the test's database.

    The test's own session is closed first (no lock held while the server runs); the log of
    gunicorn (tracebacks included) is kept in `tmp_path / "gunicorn.log"`.
    """
    @contextmanager
    def start(*, workers: int = 4, threads: int = 1, app_module: str = "wsgi:app", env: dict | None = None,
              on_start=None):
        db.session.commit()
        db.session.remove()
        instance = tmp_path / "instance"
        instance.mkdir(exist_ok=True)
        environment = load.production_env(database_url, instance, MAIL_BACKEND="console", **(env or {}))
        with load.gunicorn(environment, workers=workers, threads=threads, app_module=app_module,
                           log=tmp_path / "gunicorn.log", timeout=60, on_start=on_start) as base:
            yield base
        db.session.remove()

    return start


def server_log(tmp_path: Path) -> str:
    path = tmp_path / "gunicorn.log"
    return path.read_text(errors="replace") if path.exists() else ""
