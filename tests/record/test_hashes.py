"""Every version carries the SHA-256 of its Markdown and a chain; a signature the hash of what was signed."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.db_types import utcnow
from app.documents import services as documents
from app.documents.queries import get_version
from app.extensions import db
from app.members import charter as charters
from app.record.hashing import GENESIS, version_chain
from app.votes import services as votes
from app.votes.models import Vote


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_each_version_hashes_its_markdown_and_chains_to_the_previous(charter):
    second = documents.create_version(charter, charter.versions[0].markdown + "\nUn ajout.\n", author=None,
                                      now=utcnow(), summary="v2")
    db.session.commit()
    first = get_version(charter, 1)
    assert first.sha256 == sha(first.markdown)
    assert first.chain == version_chain(GENESIS, first.sha256, None, None)
    assert second.sha256 == sha(second.markdown)
    assert second.chain == version_chain(first.chain, second.sha256, None, None)
    assert second.chain != version_chain(first.chain, second.sha256, 1, None)  # the amendment is covered
    # The record's entry of the new version carries its hashes: the two chains hold each other.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "version.created")
                              .order_by(AuditEntry.id.desc()).limit(1))
    assert json.loads(entry.detail_json)["sha256"] == second.sha256


def test_an_adopted_amendment_s_version_chains_its_amendment_and_its_vote(amendment, people):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=10))
    for delegate in ("delegate_a", "delegate_b"):
        votes.cast_ballot(vote, by=people[delegate], choice="for", justification="", now=utcnow() - timedelta(days=9))
    votes.close_vote(vote, now=utcnow())
    db.session.commit()
    version = get_version(amendment.document, 2)
    assert (version.amendment_id, version.vote_id) == (amendment.id, vote.id)
    assert version.chain == version_chain(get_version(amendment.document, 1).chain, sha(version.markdown),
                                          amendment.id, db.session.get(Vote, vote.id).id)


def test_the_api_gives_sha256_and_chain_and_a_signature_the_hash_of_the_signed_text(client, charter, people):
    version = client.get("/api/v1/documents/charte/versions/1").get_json()
    assert version["sha256"] == sha(version["markdown"])
    assert version["chain"] == get_version(charter, 1).chain
    listed = client.get("/api/v1/documents/charte/versions").get_json()["items"][0]
    assert (listed["sha256"], listed["chain"]) == (version["sha256"], version["chain"])
    charters.sign_charter(people["org_a"], by=people["delegate_a"], version_number=1, now=utcnow())
    db.session.commit()
    organisations = {o["slug"]: o for o in client.get("/api/v1/organisations").get_json()["items"]}
    assert organisations["org-a"]["signed_charter_sha256"] == version["sha256"]
    assert organisations["org-b"]["signed_charter_sha256"] is None


def test_the_version_page_shows_its_hash(client, charter):
    page = client.get("/documents/charte/versions/1").get_data(as_text=True)
    assert get_version(charter, 1).sha256 in page


def test_the_organisation_page_shows_the_hash_of_the_text_it_signed(client, charter, people):
    charters.sign_charter(people["org_a"], by=people["delegate_a"], version_number=1, now=utcnow())
    db.session.commit()
    page = client.get("/organisations/org-a").get_data(as_text=True)
    assert get_version(charter, 1).sha256[:12] in page
