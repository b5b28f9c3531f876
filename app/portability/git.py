"""Running the `git` command line, isolated from the user's configuration and hooks."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import click

# No global or system config: a signing key or a hook there must not change what we write.
ISOLATION = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
             "LC_ALL": "C"}
SETTINGS = ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", "-c", "core.hooksPath=/dev/null"]


def run_git(repository: Path, *args: str, env: dict | None = None) -> bytes:
    """git's standard output; a failure becomes a readable ClickException."""
    result = subprocess.run(["git", *SETTINGS, "-C", str(repository), *args], capture_output=True,
                            env={**os.environ, **ISOLATION, **(env or {})}, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise click.ClickException(f"git {args[0]} failed: {message}")
    return result.stdout
