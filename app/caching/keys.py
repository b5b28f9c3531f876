"""The key of a kept visitor page, one function for both sides that read it: the Flask view that keeps the
page (app/caching/pages.py) and the WSGI shortcut that serves it without Flask (app/caching/shortcut.py)."""
from __future__ import annotations

from typing import Callable
from urllib.parse import parse_qsl, urlencode


def _whole_number(value: str) -> str:
    """"007" and " 7" are the page of 7; anything else is kept as typed (its page is an error, never kept)."""
    stripped = value.strip()
    return str(int(stripped)) if stripped.isascii() and stripped.isdigit() and len(stripped) < 19 else value


# The query parameters that a kept view reads (documents.show/version/history/compare, amendments.show,
# api.list_amendments, api.read_amendment), each with its canonical value (None: as if absent). Any other
# parameter is left out of the key: `?x=1`, `?x=2`… used to be as many misses, each a full render, for
# whoever wanted to tie up a worker. A kept view that reads a new parameter must add it here.
KEY_PARAMETERS: dict[str, Callable[[str], str | None]] = {
    "mode": lambda value: "side" if value == "side" else None,
    "context": lambda value: "full" if value == "full" else None,
    "view": lambda value: "source" if value == "source" else None,  # a diff's Markdown source (issue 21)
    "from": _whole_number, "to": _whole_number, "page": _whole_number, "per_page": _whole_number,
    "status": str, "document": str,
}


def canonical_query(query_string: str) -> str:
    """The parameters of KEY_PARAMETERS, first value of each (what request.args.get reads), in order."""
    kept: dict[str, str] = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name in KEY_PARAMETERS and name not in kept:
            canonical = KEY_PARAMETERS[name](value)
            if canonical is not None:
                kept[name] = canonical
    return urlencode(sorted(kept.items()))


def page_key(environ: dict, locale: str, current_generation: int) -> tuple:
    """The same key here and in the shortcut: the address as the server received it, its query made canonical."""
    return (environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
            canonical_query(environ.get("QUERY_STRING", "")), locale, current_generation)
