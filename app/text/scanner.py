"""The line scanner behind split_clauses: where each clause starts, and what kind it is.

It keeps just enough CommonMark state to tell blocks apart: the open list items and
footnotes (by content column), an open fence or HTML block, and whether the last line was
paragraph text (so the next one may be a lazy continuation). Every line not starting a
clause belongs to the clause above it, which makes the round trip exact by construction.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from app.text import blocks

_QUOTE_MARKS_RE = re.compile(r"(?:[ \t]*>)*[ \t]?")  # every nested ">" of a quote line


def find_starts(lines: list[str]) -> list[tuple[int, str, int]]:
    """(line index, kind, depth) of each clause of a text split into lines."""
    return _Scanner(lines).run()


def find_starts_settled(lines: list[str]) -> tuple[list[tuple[int, str, int]], bool]:
    """find_starts, and whether the lines end settled: on a blank line that nothing swallowed,
    no fence nor HTML block left open. A line without indentation that follows then starts a
    clause from the scanner's fresh state, whatever came before (see clauses.split_near)."""
    scanner = _Scanner(lines)
    starts = scanner.run()
    return starts, scanner.prev_blank and not scanner.fence and not scanner.html_open


class _Scanner:
    """Finds the line where each clause starts; every other line belongs to the clause above it."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.index = 0
        self.starts: list[tuple[int, str, int]] = []
        self.margins: list[int] = []  # content column of each open list item or footnote
        self.splits: list[bool] = []  # whether that container's nested list items are clauses
        self.mode = ""  # how the current clause may go on: para, quote, table, code, linkdef, ""
        self.level = 0  # the container level whose content the current clause holds
        self.owner = False  # the current clause is the list item or footnote that owns `level`
        self.para_open = False  # last line was paragraph text: a lazy continuation may follow
        self.prev_blank = False
        self.fence = ""
        self.fence_col = 0
        self.html_open = False
        self.html_end: re.Pattern[str] | None = None
        self.html_col = 0

    def run(self) -> list[tuple[int, str, int]]:
        for self.index, line in enumerate(self.lines):
            self._line(line.rstrip("\r\n"))
        return self.starts

    def _line(self, content: str) -> None:
        if self.fence and self._in_fence(content):
            return
        if self.html_open and self._in_html(content):
            return
        if blocks.is_blank(content):
            self._blank()
            return
        col = blocks.leading_columns(content)[0]
        if not (self.para_open and self._continues_paragraph(content, col)):
            self._block(content, col)
        self.prev_blank = False

    def _blank(self) -> None:
        # Blank lines belong to the clause above; they end paragraphs, quotes and tables.
        self.para_open = False
        self.prev_blank = True
        if self.mode in ("quote", "table", "linkdef", "para"):
            self.mode = ""

    def _in_fence(self, content: str) -> bool:
        if not blocks.is_blank(content) and blocks.leading_columns(content)[0] < self.fence_col:
            self.fence = ""  # the list item holding the fence ended: so does the fence
            return False
        if blocks.is_fence_close(blocks.strip_columns(content, self.fence_col), self.fence):
            self.fence = ""
        return True

    def _in_html(self, content: str) -> bool:
        blank = blocks.is_blank(content)
        if (not blank and blocks.leading_columns(content)[0] < self.html_col) or (
            blank and self.html_end is None
        ):
            self.html_open = False
            return False
        if self.html_end is not None and self.html_end.search(content):
            self.html_open = False
        return True

    def _continues_paragraph(self, content: str, col: int) -> bool:
        level = bisect_right(self.margins, col)
        rest = blocks.strip_columns(content, self._margin(level))
        own_margin = level == self.level and self.mode != "quote"
        if own_margin and blocks.is_setext_underline(rest):
            self._setext()
            return True
        # Only a line at the paragraph's own margin is bound by the stricter interrupt rules.
        return blocks.block_start(rest, interrupting=own_margin) is None

    def _setext(self) -> None:
        kind, start, depth = self.starts[-1][1], self.starts[-1][0], self.starts[-1][2]
        if kind == "paragraph":
            self.starts[-1] = (start, "heading", depth)
        self.para_open = False
        self.mode = "container" if self.owner else ""

    def _block(self, content: str, col: int) -> None:
        level = bisect_right(self.margins, col)
        del self.margins[level:], self.splits[level:]
        base = self._margin(level)
        rest = blocks.strip_columns(content, base)
        if self.owner and self.level == level:
            self._in_container(rest, base, level)
        elif blocks.leading_columns(rest)[0] >= blocks.TAB_STOP:
            if not (self.mode == "code" and self.level == level):
                self._open("code", level, "code")
        elif not self._continues_block(rest, level):
            self._open_block(rest, base, level)

    def _continues_block(self, rest: str, level: int) -> bool:
        if self.level != level or self.prev_blank or self.mode not in ("quote", "table", "linkdef"):
            return False
        if self.mode == "linkdef":
            self.mode = ""
            return blocks.is_linkdef_title(rest)
        start = blocks.block_start(rest, interrupting=False)
        if self.mode == "quote":
            self.para_open = start is not None and start.kind == "blockquote" and _quote_has_text(rest)
            return start is not None and start.kind == "blockquote"
        return start is None

    def _in_container(self, rest: str, base: int, level: int) -> None:
        start = blocks.block_start(rest, interrupting=False)
        if start is not None and start.kind == "list_item" and self.splits[-1]:
            self._open_block(rest, base, level)
            return
        self._follow(start, base)
        indented = blocks.leading_columns(rest)[0] >= blocks.TAB_STOP
        self.para_open = (start is None and not indented) or (
            start is not None and start.kind == "blockquote" and _quote_has_text(rest)
        )

    def _open_block(self, rest: str, base: int, level: int) -> None:
        start = blocks.block_start(rest, interrupting=False)
        if start is None:
            kind = "table" if self._table_ahead(rest, base) else "paragraph"
            self._open(kind, level, "table" if kind == "table" else "para")
            self.para_open = kind == "paragraph"
            return
        self._open(start.kind, level, {"blockquote": "quote", "linkdef": "linkdef"}.get(start.kind, ""))
        if start.content_col:
            self._open_container(start, rest, base + start.content_col, level)
            return
        self._follow(start, base)
        self.para_open = start.kind == "blockquote" and _quote_has_text(rest)

    def _open_container(self, start: blocks.Start, rest: str, margin: int, level: int) -> None:
        # A list item or footnote: its first line may already open a fence or an HTML block.
        self.margins.append(margin)
        self.splits.append(start.kind == "list_item")
        self.level, self.owner, self.mode = level + 1, True, "container"
        inner = blocks.strip_columns(rest, start.content_col, whitespace_only=False)
        inner_start = blocks.block_start(inner, interrupting=False)
        self._follow(inner_start, margin)
        self.para_open = inner_start is None and not blocks.is_blank(inner)

    def _follow(self, start: blocks.Start | None, base: int) -> None:
        # Fences and HTML blocks swallow the lines that follow, whatever they look like.
        if start is not None and start.fence:
            self.fence, self.fence_col = start.fence, base
        elif start is not None and start.kind == "html" and not start.html_closed:
            self.html_open, self.html_end, self.html_col = True, start.html_end, base

    def _open(self, kind: str, level: int, mode: str) -> None:
        self.starts.append((self.index if self.starts else 0, kind, level))
        self.level, self.owner, self.mode, self.para_open = level, False, mode, False

    def _table_ahead(self, rest: str, base: int) -> bool:
        following = self.index + 1
        if "|" not in rest or following >= len(self.lines):
            return False
        return blocks.is_table_delimiter(blocks.strip_columns(self.lines[following].rstrip("\r\n"), base))

    def _margin(self, level: int) -> int:
        return self.margins[level - 1] if level else 0


def _quote_has_text(rest: str) -> bool:
    """True when a block-quote line holds paragraph text (so the next line may be lazy)."""
    inner = rest[_QUOTE_MARKS_RE.match(rest).end():]
    return not blocks.is_blank(inner) and blocks.block_start(inner, interrupting=True) is None
