"""Every XSS payload of the shared corpora, as clauses of a document, comes out inert on its pages."""
from __future__ import annotations

import re

import pytest

from tests.text import corpora
from tests.text.xss_check import assert_inert

BATCH = 100  # payloads per document: each is its own clause (or several), rendered on its own


def payloads() -> list[str]:
    """Every XSS payload (the CommonMark examples are odd Markdown, not attacks)."""
    names = [name for name in corpora.all_files() if name != "commonmark_spec.json"]
    return [p.replace("\x00", "") for name in names for p in corpora.payloads(name) if p.strip()]


def batches() -> list[list[str]]:
    if not corpora.available():
        return []
    every = payloads()
    return [every[start:start + BATCH] for start in range(0, len(every), BATCH)]


def region(page: str, start: str, end: str) -> str:
    """The part of the page made of the document's text; the rest carries the site's own script tag."""
    match = re.search(re.escape(start) + ".*" + re.escape(end), page, flags=re.S)
    assert match, f"no {start!r} on the page"
    return match.group(0)


def test_the_corpora_are_there():
    assert corpora.available() and len(payloads()) > 1500


@pytest.mark.parametrize("batch", range(len(batches())))
def test_payloads_as_clauses_are_inert_on_every_page(client, make_document, batch):
    make_document("xss", "# Charte\n\nUne clause sûre.\n", "\n\n".join(batches()[batch]) + "\n")
    for url in ("/documents/xss", "/documents/xss/versions/2/blame"):
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(region(response.get_data(as_text=True), '<article class="doc-text', "</article>"))
    for mode in ("inline", "side"):
        for view in ("text", "source"):  # the rendered text's diff (issue 21) and the Markdown's
            page = client.get(f"/documents/xss/compare?from=1&to=2&mode={mode}&view={view}&context=full")
            assert_inert(region(page.get_data(as_text=True), '<section class="diff', "</section>"))
