"""Line-level Markdown recognisers for the clause scanner (CommonMark-like, not a full parser).

Every function looks at one line (without its line ending) and runs in time linear in its
length: the scanner calls them once or twice per line, so splitting stays O(n).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.text.htmlstart import html_start

TAB_STOP = 4

_ATX_RE = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE_RE = re.compile(r"(`{3,})[^`]*$|(~{3,})")
_BULLET_RE = re.compile(r"[-+*](?=[ \t]|$)")
_ORDERED_RE = re.compile(r"(\d{1,9})[.)](?=[ \t]|$)")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]]+\]:")
_LINKDEF_RE = re.compile(r"""\[([^\[\]]+)\]:[ \t]*\S+(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$""")
_LINKDEF_TITLE_RE = re.compile(r"""[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\))[ \t]*$""")
@dataclass(frozen=True)
class Start:
    """What a line opens: a clause kind and how that block goes on."""

    kind: str
    fence: str = ""  # the opening run of a fenced code block
    html_end: re.Pattern[str] | None = None  # None: an HTML block that ends at a blank line
    html_closed: bool = False  # the HTML block also ended on its first line
    content_col: int = 0  # list items and footnotes: their content column, relative to the line
    number: int | None = None  # an ordered list item's number


def is_blank(content: str) -> bool:
    """True for an empty line or one of spaces and tabs only (its line ending aside)."""
    return not content.strip(" \t\r\n")


def leading_columns(content: str) -> tuple[int, int]:
    """The columns and the characters taken by a line's leading spaces and tabs."""
    width = len(content) - len(content.lstrip(" \t"))
    if "\t" not in content[:width]:
        return width, width
    return columns_between(content[:width], 0), width


def columns_between(spaces: str, start_col: int) -> int:
    """The column reached after `spaces` (spaces and tabs) written from `start_col`."""
    col = start_col
    for char in spaces:
        col += TAB_STOP - col % TAB_STOP if char == "\t" else 1
    return col


def strip_columns(content: str, cols: int, *, whitespace_only: bool = True) -> str:
    """The line with up to `cols` columns of indentation removed (a split tab becomes spaces)."""
    if whitespace_only:
        width = len(content) - len(content.lstrip(" \t"))
        if "\t" not in content[:width]:  # the usual case, without a walk over deep indentation
            return content[min(width, cols):]
    col = 0
    for index, char in enumerate(content):
        if col >= cols or (whitespace_only and char not in " \t"):
            return content[index:]
        width = TAB_STOP - col % TAB_STOP if char == "\t" else 1
        if col + width > cols:
            return " " * (col + width - cols) + content[index + 1:]
        col += width
    return ""


def block_start(rest: str, *, interrupting: bool) -> Start | None:
    """The block a line opens at its container's margin, or None for paragraph text."""
    cols, index = leading_columns(rest)
    text = rest[index:]
    if cols >= TAB_STOP or not text:
        return None
    first = text[0]
    if first == "#" and _ATX_RE.match(text):
        return Start("heading")
    if first in "`~" and (fence := _FENCE_RE.match(text)):
        return Start("code", fence=fence.group(1) or fence.group(2))
    if first in "*-_" and is_rule(text):
        return Start("rule")
    if first == ">":
        return Start("blockquote")
    if first == "<":
        html = html_start(text, interrupting)
        return Start("html", html_end=html.end, html_closed=html.closed) if html else None
    if first == "[":
        return _definition_start(text)
    return list_item_start(rest, interrupting=interrupting)


def is_rule(text: str) -> bool:
    """A thematic break: three or more of the same *, - or _, spaces allowed between."""
    compact = text.replace(" ", "").replace("\t", "")
    return len(compact) >= 3 and compact[0] in "*-_" and compact.count(compact[0]) == len(compact)


def is_setext_underline(rest: str) -> bool:
    """A line of = or - that turns the paragraph above it into a heading."""
    cols, index = leading_columns(rest)
    text = rest[index:].rstrip(" \t")
    return cols < TAB_STOP and bool(text) and text[0] in "=-" and text.count(text[0]) == len(text)


def is_fence_close(rest: str, fence: str) -> bool:
    """True when the line closes a code block opened by `fence`."""
    cols, index = leading_columns(rest)
    text = rest[index:].rstrip(" \t")
    return cols < TAB_STOP and len(text) >= len(fence) and text.count(fence[0]) == len(text)


def is_table_delimiter(rest: str) -> bool:
    """The second line of a pipe table: cells of dashes and colons between pipes."""
    text = rest.strip(" \t")
    return "|" in text and "-" in text and not set(text) - set("|:- \t")


def is_linkdef_title(rest: str) -> bool:
    """A link definition's title written alone on the line after it."""
    return bool(_LINKDEF_TITLE_RE.match(rest))


def list_item_start(rest: str, *, interrupting: bool = False) -> Start | None:
    """A list item's marker, with the column where its content starts."""
    cols, index = leading_columns(rest)
    text = rest[index:]
    marker = _BULLET_RE.match(text) or _ORDERED_RE.match(text)
    if cols >= TAB_STOP or marker is None:
        return None
    after = text[marker.end():]
    if interrupting and (is_blank(after) or (marker.lastindex and int(marker.group(1)) != 1)):
        return None  # CommonMark: only a non-empty bullet or a "1." may interrupt a paragraph
    marker_end = cols + marker.end()
    spaces = after[: len(after) - len(after.lstrip(" \t"))]
    gap = columns_between(spaces, marker_end) - marker_end
    number = int(marker.group(1)) if marker.lastindex else None
    if is_blank(after) or gap > TAB_STOP:
        return Start("list_item", content_col=marker_end + 1, number=number)
    return Start("list_item", content_col=marker_end + gap, number=number)


def _definition_start(text: str) -> Start | None:
    if _FOOTNOTE_RE.match(text):
        return Start("footnote", content_col=TAB_STOP)
    definition = _LINKDEF_RE.match(text)
    if definition and definition.group(1).strip():
        return Start("linkdef")
    return None
