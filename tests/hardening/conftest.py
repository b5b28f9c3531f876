"""A seeded demo collective per engine, built once per test module (see world.py)."""
from __future__ import annotations

import pytest
from pytest_postgresql.janitor import DatabaseJanitor

from app.extensions import db
from tests.hardening.world import build_world
from tests.support.databases import new_database_name, postgresql_available, require_or_skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """The demo collective on each engine, shared by the module; requests that write are rolled back."""
    overrides = getattr(request.module, "WORLD_CONFIG", {})
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('world') / 'world.sqlite'}"
        yield from _built(url, "sqlite", overrides)
        return
    require_or_skip(postgresql_available(), "PostgreSQL")
    proc = request.getfixturevalue("postgresql_proc")
    name = new_database_name()
    with DatabaseJanitor(user=proc.user, host=proc.host, port=proc.port, dbname=name, password=proc.password):
        yield from _built(f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}", "postgresql",
                          overrides)


def _built(url: str, engine: str, overrides: dict):
    world = build_world(url, engine, **overrides)
    with world.app.app_context():
        yield world
        db.session.remove()
        db.engine.dispose()
