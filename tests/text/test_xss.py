"""Every payload of the shared corpora comes out inert, through every renderer of the engine."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.text.clauses import split_clauses
from app.text.render import render_clauses, render_markdown
from app.text.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.text import corpora
from tests.text.xss_check import assert_inert, problems

pytestmark = pytest.mark.skipif(not corpora.available(), reason="shared corpora not mounted")

# One-line payloads are also tried where Markdown puts URLs: link, image, autolink, definition.
_URL_PLACES = ("[x]({})", "![x]({})", "<{}>", "[x][r]\n\n[r]: {}")


class _Allowlisted(HTMLParser):
    """Collects any tag or attribute that the sanitiser's allowlist should have removed."""

    def __init__(self) -> None:
        super().__init__()
        self.extra: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.extra.append(tag)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        allowed |= {"rel"} if tag == "a" else set()
        self.extra += [f"{tag}[{name}]" for name, _ in attrs if name not in allowed]


def assert_safe(html: str) -> None:
    assert_inert(html)
    checker = _Allowlisted()
    checker.feed(html)
    assert not checker.extra, f"{checker.extra} in {html[:200]!r}"


@pytest.mark.parametrize("name", corpora.all_files())
def test_corpus_payloads_render_inert(name):
    for payload in corpora.payloads(name):
        assert_safe(render_markdown(payload))
        for html in render_clauses(split_clauses(payload)):
            assert_safe(html)
        if "\n" not in payload and name.endswith(".txt"):
            for place in _URL_PLACES:
                assert_safe(render_markdown(place.format(payload)))


def test_the_checker_catches_what_it_should():
    assert problems('<a href="java&#x09;script:alert(1)">x</a>')
    assert problems('<img src=" JaVaScRiPt:alert(1)">')
    assert problems('<a href="&#106;avascript:alert(1)">x</a>')
    assert problems("<p onmouseover=x>a</p>")
    assert problems("<svg><script>alert(1)</script></svg>")
    assert problems('<form action="/x"></form>')
    assert not problems('<a href="/relative">x</a><a href="https://ex.org">y</a><a href="mailto:a@b">z</a>')
