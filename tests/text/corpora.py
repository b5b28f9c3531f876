"""The shared test corpora (/work/shared/corpora): XSS payloads and the CommonMark examples."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

def _corpora_dir() -> Path:
    """$PALABRE_CORPORA, else shared/ beside the clone (as CI lays it out), else /work/shared."""
    if os.environ.get("PALABRE_CORPORA"):
        return Path(os.environ["PALABRE_CORPORA"])
    beside = Path(__file__).resolve().parents[3] / "shared" / "corpora"
    return beside if beside.is_dir() else Path("/work/shared/corpora")


CORPORA = _corpora_dir()

# How each file holds its payloads (see the corpora's README.md).
_LINE_FILES = ("patt_xss_intruders.txt", "patt_xss_readme_lines.txt")
_JSON_FIELDS = {
    "patt_xss_multiline.json": ("payload",),
    "owasp_xss_filter_evasion.json": ("payload",),
    "dompurify_expect.json": ("payload",),
    "bleach_tests_data.json": ("input",),
    "markdownit_xss_fixture.json": ("markdown",),
    "commonmark_spec.json": ("markdown",),
}


def available() -> bool:
    """True when the corpora are there; in CI (CI=true) their absence is an error, never a skip."""
    if CORPORA.is_dir():
        return True
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError(f"The shared corpora are required in CI and were not found at {CORPORA}.")
    return False


@cache
def payloads(name: str) -> tuple[str, ...]:
    """Every payload of one corpus file."""
    path = CORPORA / name
    if name in _LINE_FILES:
        return tuple(line for line in path.read_text(encoding="utf-8").split("\n") if line)
    items = json.loads(path.read_text(encoding="utf-8"))
    fields = _JSON_FIELDS[name]
    return tuple(item if isinstance(item, str) else item[field] for item in items for field in fields)


def all_files() -> tuple[str, ...]:
    """The names of every payload file."""
    return _LINE_FILES + tuple(_JSON_FIELDS)
