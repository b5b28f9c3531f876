"""Every XSS payload of the corpora, typed into comments, amendment titles and rationales, stays inert."""
from __future__ import annotations

import pytest

from app.amendments import services as amendments
from app.comments import services
from app.db_types import utcnow
from app.documents.queries import get_version
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.text.corpora import all_files, payloads
from tests.text.xss_check import assert_inert

EVERY_PAYLOAD = sorted({p for name in all_files() for p in payloads(name) if p.strip()})
# The page-level sweep renders whole pages: a spread sample keeps it quick on both engines.
PAGE_SAMPLE = EVERY_PAYLOAD[:: max(1, len(EVERY_PAYLOAD) // 24)]


def test_every_payload_as_a_comment_body_is_inert(app):
    assert len(EVERY_PAYLOAD) > 1000
    for payload in EVERY_PAYLOAD:
        html = services.render_markdown(services.check_body(payload[:10_000]))
        assert_inert(html)


@pytest.mark.parametrize("payload", PAGE_SAMPLE)
def test_payload_in_amendment_and_comment_pages_is_inert(client, charter, people, payload):  # noqa: F811
    title = (payload.replace("\n", " ")[:200]).strip() or "x"
    amendment = amendments.create_amendment(
        charter, author=people["member_a"], title=title, rationale=payload[:20_000],
        markdown=amended(CHARTER, "revendre", "vendre " + payload.replace("\n", " ")[:500]),
        base_number=1, now=utcnow())
    services.comment_on_amendment(amendment, author=people["member_a"], body=payload[:10_000], now=utcnow())
    version = get_version(charter, 1)
    clause_id = next(c.clause_id for c in version.clauses if "revendre" in c.source)
    services.comment_on_version(version, author=people["member_a"], body=payload[:10_000], now=utcnow(),
                                clause_id=clause_id)
    db.session.commit()
    for url in (f"/amendments/{amendment.id}", "/documents/charte", "/amendments", "/documents/charte/discussion"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0])
