"""The two database engines every database test runs on: SQLite and a real PostgreSQL."""
from __future__ import annotations

import glob
import os
import shutil
import uuid
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_CTL_WRAPPER = str(Path(__file__).with_name("pg_ctl.sh"))


def postgresql_available() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl") or shutil.which("pg_ctl"))


def require_or_skip(available: bool, what: str) -> None:
    """Skip when a real component is missing, except in CI where that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true) and was not found.")
    pytest.skip(f"{what} not installed here (run `make test` to install it).")


def new_database_name() -> str:
    return f"palabre_{uuid.uuid4().hex[:12]}"
