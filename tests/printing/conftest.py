"""Reading printed files back: a PDF's text (pypdf), page by page, and the clauses of a Markdown text."""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime, timezone

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from app.demo.seed import seed
from app.extensions import db
from app.text.clauses import split_clauses
from app.text.render import render_clauses

NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)


@pytest.fixture
def demo(app):
    seed(now=NOW, log=lambda _message: None)
    db.session.commit()


def pdf_pages(body: bytes) -> list[str]:
    assert body.startswith(b"%PDF-"), body[:200]
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def letters(text: str) -> str:
    """Only letters and digits, lower-cased: line breaks, hyphenation and spacing of a layout vanish."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def clause_texts(markdown: str) -> list[tuple[str, str]]:
    """(kind, plain text) of every clause as the app renders it."""
    clauses = split_clauses(markdown)
    return [(c.kind, re.sub(r"\s+", " ", Markup(html).striptags()).strip())
            for c, html in zip(clauses, render_clauses(clauses))]


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Each needle (already `letters`) is found after the previous one."""
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        assert found >= 0, f"not found after position {at}: {needle!r}"
        at = found + len(needle)


MARGIN_POINTS = 30 / 25.4 * 72  # the text starts 30 mm from the left edge of an A4 page


def margin_numbers(body: bytes) -> list[int]:
    """The numbers printed left of the text, page after page, top to bottom (pypdf's text positions)."""
    numbers: list[int] = []
    for page in PdfReader(io.BytesIO(body)).pages:
        found: list[tuple[float, int]] = []

        def visit(text, cm, tm, _font, _size, found=found):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip().isdigit() and x < MARGIN_POINTS - 5:
                found.append((-y, int(text.strip())))
        page.extract_text(visitor_text=visit)
        numbers += [n for _y, n in sorted(found)]
    return numbers
