"""Recompute every hash and chain of the record and say exactly what is broken.

Used by `flask verify` and `GET /api/v1/verify`. Reads the database as it is, bypassing nothing
and trusting no stored hash: each is recomputed from what it covers (app/record/hashing.py).
"""
from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.documents.models import Document, Version
from app.extensions import db
from app.members.charter import CHARTER_SLUG
from app.members.models import Organisation, Signature
from app.record.chain import fields_of
from app.record.hashing import GENESIS, entry_hash, text_sha256, version_chain
from app.record.models import BallotReceipt
from app.votes import schulze
from app.votes.models import Ballot, BallotEvent, Vote


def verify_all() -> dict:
    """{"ok", "versions", "audit", "ballots"}, each part {"checked", "broken": [...]}."""
    report = {"versions": verify_versions(), "audit": verify_audit(), "ballots": verify_ballots()}
    return {"ok": not any(part["broken"] for part in report.values()), **report}


def verify_versions() -> dict:
    """Each version's hash against its Markdown, each chain against the previous one, no number missing."""
    broken, checked = [], 0
    for document in db.session.scalars(select(Document).order_by(Document.slug)):
        rows = db.session.execute(select(Version.number, Version.markdown, Version.amendment_id, Version.vote_id,
                                         Version.sha256, Version.chain)
                                  .where(Version.document_id == document.id).order_by(Version.number))
        expected_number, chain = 1, GENESIS
        for row in rows:
            checked += 1
            broken += version_problems(document.slug, row, expected_number, chain)
            expected_number, chain = row.number + 1, row.chain or ""
        if expected_number - 1 != document.head_number:
            broken.append({"document": document.slug, "number": document.head_number, "problem": "missing"})
    return {"checked": checked, "broken": broken + signature_problems()}


def signature_problems() -> list[dict]:
    """A charter signature keeps the hash of the text signed: a version rewritten (hashes and all) shows here."""
    rows = db.session.execute(
        select(Organisation.slug, Signature.version_number, Signature.version_sha256, Version.sha256)
        .join(Signature, Signature.organisation_id == Organisation.id)
        .join(Document, Document.slug == CHARTER_SLUG)
        .outerjoin(Version, (Version.document_id == Document.id) & (Version.number == Signature.version_number))
        .where(Signature.version_sha256.is_not(None)).order_by(Organisation.slug, Signature.version_number))
    return [{"document": CHARTER_SLUG, "number": number, "organisation": slug, "problem": "signature_mismatch",
             "expected": signed, "found": current}
            for slug, number, signed, current in rows if signed != current]


def version_problems(slug: str, row, expected_number: int, previous_chain: str) -> list[dict]:
    problems = []
    where = {"document": slug, "number": row.number}
    if row.number != expected_number:
        problems.append({"document": slug, "number": expected_number, "problem": "missing"})
    digest = text_sha256(row.markdown)
    if digest != row.sha256:
        problems.append({**where, "problem": "text_changed", "expected": row.sha256, "found": digest})
    chain = version_chain(previous_chain, row.sha256 or "", row.amendment_id, row.vote_id)
    if chain != row.chain:
        problems.append({**where, "problem": "chain_broken", "expected": row.chain, "found": chain})
    return problems


def verify_audit() -> dict:
    """Each entry's hash against its content and the previous hash; the chain without gap nor loose end."""
    broken, checked, previous = [], 0, GENESIS
    expected_seq = 1
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.seq.is_not(None)).order_by(AuditEntry.seq)):
        checked += 1
        where = {"id": entry.id, "seq": entry.seq}
        if entry.seq != expected_seq:
            broken.append({**where, "problem": "missing", "expected": expected_seq, "found": entry.seq})
        if entry.prev != previous:
            broken.append({**where, "problem": "chain_broken", "expected": previous, "found": entry.prev})
        digest = entry_hash(entry.prev or "", fields_of(entry))
        if digest != entry.hash:
            broken.append({**where, "problem": "entry_changed", "expected": entry.hash, "found": digest})
        previous, expected_seq = entry.hash, entry.seq + 1
    for entry_id in db.session.scalars(select(AuditEntry.id).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id)):
        checked += 1
        broken.append({"id": entry_id, "seq": None, "problem": "unlinked"})
    return {"checked": checked, "broken": broken}


def latest_events(vote_id: int) -> dict[int, BallotEvent]:
    """organisation id -> its latest ballot event on the vote (the one that counts)."""
    latest = select(func.max(BallotEvent.id)).where(BallotEvent.vote_id == vote_id).group_by(BallotEvent.organisation_id)
    return {event.organisation_id: event for event in db.session.scalars(select(BallotEvent).where(BallotEvent.id.in_(latest)))}


def verify_ballots() -> dict:
    """Each ballot against the latest event of its organisation; a closed vote's counts against the events."""
    broken, checked = [], 0
    slugs = dict(db.session.execute(select(Organisation.id, Organisation.slug)).all())
    for vote in db.session.scalars(select(Vote).order_by(Vote.id)):
        events = latest_events(vote.id)
        ballots = {b.organisation_id: b for b in db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id))}
        for organisation_id in sorted(set(events) | set(ballots)):
            checked += 1
            problem = ballot_problem(ballots.get(organisation_id), events.get(organisation_id))
            if problem:
                broken.append({"vote": vote.id, "organisation": slugs.get(organisation_id), "problem": problem})
        broken += count_problems(vote, events) + receipt_problems(vote)
    return {"checked": checked, "broken": broken}


def ballot_problem(ballot: Ballot | None, event: BallotEvent | None) -> str | None:
    if event is None:
        return "ballot_without_event"
    if ballot is None:
        return "ballot_missing"
    if ballot.choice != event.choice or getattr(ballot, "ranking", None) != getattr(event, "ranking", None):
        return "ballot_changed"
    return None


def ranked_problems(vote: Vote, events: dict[int, BallotEvent]) -> list[dict]:
    """The pairwise matrix filed when a ranked vote closed is that of the ballots' events, counted again."""
    filed = json.loads(vote.result_json or "null")
    if filed is None:
        return [{"vote": vote.id, "organisation": None, "problem": "count_missing"}]
    rankings = [json.loads(event.ranking or "[]") for event in events.values()]
    try:
        again = schulze.count(rankings, filed["options"]).pairwise
    except ValueError:
        again = None
    if again == filed["pairwise"]:
        return []
    return [{"vote": vote.id, "organisation": None, "problem": "counts_changed", "expected": again,
             "found": filed["pairwise"]}]


def count_problems(vote: Vote, events: dict[int, BallotEvent]) -> list[dict]:
    """The counts stored when a vote closed are those of the ballots' events."""
    if vote.status != "closed":
        return []
    if vote.method == "ranked":
        return ranked_problems(vote, events)
    counted = Counter(event.choice for event in events.values())
    stored = {"for": vote.count_for, "against": vote.count_against, "abstain": vote.count_abstain}
    if all(counted.get(choice, 0) == number for choice, number in stored.items()):
        return []
    return [{"vote": vote.id, "organisation": None, "problem": "counts_changed",
             "expected": [counted.get(c, 0) for c in stored], "found": list(stored.values())}]


def receipt_problems(vote: Vote) -> list[dict]:
    """A receipt of this vote issued for another vote's ballot event."""
    rows = db.session.execute(select(BallotReceipt.receipt, BallotEvent.vote_id).join(
        BallotEvent, BallotReceipt.ballot_event_id == BallotEvent.id).where(BallotReceipt.vote_id == vote.id))
    return [{"vote": vote.id, "organisation": None, "problem": "receipt_misplaced", "found": receipt}
            for receipt, event_vote in rows if event_vote != vote.id]
