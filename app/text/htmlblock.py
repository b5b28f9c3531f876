"""A fix for python-markdown < 3.10.1, which loops forever on some bogus HTML comments.

Its HTML block extractor, on an unclosed comment such as `a <!-->`, emits the `<` as text
and then rewinds the parser to the start of the buffer instead of just past that `<`
(upstream issues #1578 and #1586, fixed in 3.10.1): any such comment not at position 0
loops forever. A six-character comment must not hang a worker, so until requirements pin
markdown >= 3.10.2 we register an extractor that resumes right after the `<`.
"""
from __future__ import annotations

from html import parser as html_parser

import markdown
from markdown.htmlparser import HTMLExtractor
from markdown.preprocessors import HtmlBlockPreprocessor

NEEDS_FIX = markdown.__version_info__[:3] < (3, 10, 1)


class _ResumingExtractor(HTMLExtractor):
    def updatepos(self, i: int, j: int) -> int:
        if getattr(self, "override_comment_update", False):
            self.override_comment_update = False
            j = i + 1  # resume just after the `<` already emitted as text, never at 0
        return html_parser.HTMLParser.updatepos(self, i, j)


class _FixedHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        extractor = _ResumingExtractor(self.md)
        extractor.feed("\n".join(lines))
        extractor.close()
        return "".join(extractor.cleandoc).split("\n")


def install(md: markdown.Markdown) -> None:
    """Replace the HTML block preprocessor of `md` when its version needs the fix."""
    if NEEDS_FIX:
        md.preprocessors.register(_FixedHtmlBlockPreprocessor(md), "html_block", 20)
