"""Refuse, before python-markdown runs, a text it would take too long or too deep to render.

python-markdown is quadratic on many inputs (its inline patterns re-scan the rest of a
block from every unmatched `[`, backtick or `<`; its block processors re-scan the rest of a
block after each line they split off) and recursive on nested lists. Catching a
RecursionError or a timeout afterwards would be too late, so we estimate the work first.

The weights are worst cases measured on python-markdown 3.10 (nanoseconds per special
character per character of its block, on one core of the CI machine); ordinary prose costs
far less than its estimate, so the budget only ever refuses pathological input.
"""
from __future__ import annotations

import re

MAX_CHARS = 1_000_000
MAX_COST_NS = 1_000_000_000
MAX_NESTING = 32  # block quotes and list levels; python-markdown recurses on each
MAX_HTML_DEPTH = 256  # nested raw HTML elements; html5ever (nh3) is quadratic in depth

_BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n")
_SPECIAL_NS = {"[": 250, "`": 70, "<": 40, "_": 25, "*": 2, "\\": 2, "&": 2, "!": 1, "(": 1, ")": 1, "]": 1}
_SPLITTING_LINE_NS = 100  # headings, rules, definitions… each splits its block and re-scans the rest
_LINE_NS = 2
_SPLITTING_LINE_RE = re.compile(r"^ {0,3}[#\[*\-_=~`<]", re.M)
_CHAR_NS = 400
_BACKTICK_RUN_NS = 5  # per (run length squared x block length): BACKTICK_RE backtracks on long runs
_BACKTICK_RUN_RE = re.compile(r"`{2,}")
_FOOTNOTE_REF_NS = 3000  # per (references squared): each repeated [^x] walks fnref2, fnref3…
_DEEP_PREFIX_RE = re.compile(r"^[ \t>*+\-0-9.)]{8,}", re.M)  # lines that may open many levels
_NESTING_TOKEN_RE = re.compile(r">|(?<![^ \t>])(?:[-+*]|\d{1,9}[.)])(?=[ \t])")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")  # not autolinks: <http://…>
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


def is_renderable(text: str) -> bool:
    """True when python-markdown can render `text` within the time and depth budgets."""
    return (
        len(text) <= MAX_CHARS
        and nesting_depth(text) <= MAX_NESTING
        and html_depth(text) <= MAX_HTML_DEPTH
        and estimated_cost_ns(text) <= MAX_COST_NS
    )


def estimated_cost_ns(text: str) -> int:
    """An upper estimate of python-markdown's rendering time for `text`, in nanoseconds."""
    blocks = sum(_block_cost(block) for block in _BLOCK_SPLIT_RE.split(text))
    return _CHAR_NS * len(text) + _FOOTNOTE_REF_NS * text.count("[^") ** 2 + blocks


def _block_cost(block: str) -> int:
    per_char = sum(weight * block.count(char) for char, weight in _SPECIAL_NS.items() if char in block)
    per_char += _LINE_NS * block.count("\n") + _SPLITTING_LINE_NS * len(_SPLITTING_LINE_RE.findall(block))
    if "``" in block:
        per_char += _BACKTICK_RUN_NS * sum(len(run) ** 2 for run in _BACKTICK_RUN_RE.findall(block))
    return per_char * len(block)


def nesting_depth(text: str) -> int:
    """The deepest block nesting a line opens: its quote markers, list markers and indentation."""
    deepest = 0
    for prefix in _DEEP_PREFIX_RE.findall(text):
        indent = len(prefix.expandtabs(4)) - len(prefix.lstrip(" \t").expandtabs(4))
        deepest = max(deepest, len(_NESTING_TOKEN_RE.findall(prefix)) + indent // 4)
    return deepest


def html_depth(text: str) -> int:
    """The deepest nesting of raw HTML elements, counting unclosed ones as open."""
    depth = deepest = 0
    for closing, name in _TAG_RE.findall(text):
        if name.lower() in _VOID_TAGS:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest
