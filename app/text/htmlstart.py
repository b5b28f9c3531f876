"""The start of an HTML block, per CommonMark's seven kinds, and the pattern that ends it."""
from __future__ import annotations

import re
from typing import NamedTuple


class HtmlStart(NamedTuple):
    """How an HTML block ends: `end` pattern (None: at a blank line); `closed` on its first line."""

    end: re.Pattern[str] | None
    closed: bool


_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
    "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|"
    "iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|"
    "summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
# CommonMark's HTML block kinds 1-6: how each starts, and what ends it (None: a blank line).
_HTML_STARTS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?:[ \t]|/?>|$)", re.I), None),
)
# Kind 7: a lone complete tag; it cannot interrupt a paragraph.
_HTML_TAG_LINE_RE = re.compile(
    r"""</?[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*"""
    r"""(?:[ \t]*=[ \t]*(?:[^ \t"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*/?>[ \t]*$"""
)
_TAG_LINE_MAX = 2000  # longer lines are never a lone tag worth a regex attempt


def html_start(text: str, interrupting: bool) -> HtmlStart | None:
    """The HTML block a line opens (its end pattern, None: a blank line), or None."""
    for opener, end in _HTML_STARTS:
        found = opener.match(text)
        if found:
            return HtmlStart(end, end is not None and end.search(text, found.end()) is not None)
    if not interrupting and len(text) <= _TAG_LINE_MAX and _HTML_TAG_LINE_RE.match(text):
        return HtmlStart(None, False)
    return None
