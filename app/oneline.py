"""Names and titles that people type are one line: a line break in a name used to add lines to mail bodies.

Every run of spaces, tabs, line breaks (CR, LF, and Unicode's line and paragraph separators) becomes one
space, as a browser shows it anyway.
"""
from __future__ import annotations


def one_line(value: str | None) -> str:
    """`value` on one line, its whitespace runs made single spaces, trimmed."""
    return " ".join((value or "").split())
