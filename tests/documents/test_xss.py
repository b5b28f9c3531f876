"""Every XSS payload of the shared corpora, as clauses of a document, comes out inert on its page."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.text.xss_check import assert_inert

ROOT = Path(__file__).resolve().parents[2]
# The corpora live beside the project (../shared/corpora) or are copied into tests/data.
CORPORA = next((path for path in (ROOT / "tests" / "data", ROOT.parent / "shared" / "corpora")
                if (path / "patt_xss_intruders.txt").is_file()), ROOT.parent / "shared" / "corpora")
BATCH = 100


def payloads() -> list[str]:
    """Every payload of every XSS corpus, one string each."""
    found: list[str] = []
    for name in ("patt_xss_intruders.txt", "patt_xss_readme_lines.txt"):
        found += [line for line in (CORPORA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    fields = {"patt_xss_multiline.json": "payload", "owasp_xss_filter_evasion.json": "payload",
              "dompurify_expect.json": "payload", "bleach_tests_data.json": "input",
              "markdownit_xss_fixture.json": "markdown"}
    for name, field in fields.items():
        found += [entry[field] for entry in json.loads((CORPORA / name).read_text(encoding="utf-8"))]
    return [payload.replace("\x00", "") for payload in found if payload.strip()]


def batches() -> list[list[str]]:
    if not CORPORA.is_dir():
        return []
    every = payloads()
    return [every[start:start + BATCH] for start in range(0, len(every), BATCH)]


def text_of(page: str) -> str:
    """The document's own HTML: the page around it carries the site's (allowed) script tag."""
    match = re.search(r'<article class="doc-text[^"]*".*</article>', page, flags=re.S)
    assert match, "no text on the page"
    return match.group(0)


def test_the_corpora_are_there():
    assert CORPORA.is_dir() and len(payloads()) > 1500


@pytest.mark.parametrize("batch", range(len(batches())))
def test_payloads_as_clauses_are_inert_on_the_document_page(client, make_document, batch):
    text = "\n\n".join(batches()[batch]) + "\n"
    make_document("xss", "# Charte\n\nUne clause sûre.\n", text)
    for url in ("/documents/xss", "/documents/xss/versions/2/blame"):
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(text_of(response.get_data(as_text=True)))
    diff = client.get("/documents/xss/compare?from=1&to=2&mode=side").get_data(as_text=True)
    assert_inert(diff[diff.index('<section class="diff'):diff.index("</section>", diff.index('<section class="diff'))])
