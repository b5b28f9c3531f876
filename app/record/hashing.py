"""The hashes of the record, pure Python: the same code is copied into the archive's own verifier.

Every hash is SHA-256 in lower-case hex. Nothing here touches the database, so that what the
app stores at write time, what `flask verify` recomputes and what the stand-alone script of an
export checks are one definition (README, "A record anyone can verify").
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

# The `prev` of the first link of a chain.
GENESIS = "0" * 64


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_sha256(markdown: str) -> str:
    """A version's hash: of its Markdown as UTF-8 bytes, exactly as served by `.md`."""
    return sha256_hex(markdown.encode("utf-8"))


def version_chain(previous_chain: str | None, sha256: str, amendment_id: int | None, vote_id: int | None) -> str:
    """The chain of a version: the previous version's chain (GENESIS for version 1), its own hash,
    the amendment and the vote that produced it ("" when none), one per line."""
    parts = [previous_chain or GENESIS, sha256, _id(amendment_id), _id(vote_id)]
    return sha256_hex("\n".join(parts).encode("utf-8"))


def _id(value: int | None) -> str:
    return "" if value is None else str(int(value))


def canonical_time(moment: datetime | str) -> str:
    """ISO 8601 in UTC with microseconds, e.g. 2026-12-03T06:14:43.000000+00:00."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.isoformat(timespec="microseconds")


def entry_fields(*, at, kind: str, actor_id, organisation_id, object_type: str, object_id, document_id,
                 public: bool, details: dict) -> dict:
    """What an entry's hash covers besides the previous hash (its id is only where it is filed)."""
    return {"at": canonical_time(at), "action": kind, "actor_id": actor_id, "organisation_id": organisation_id,
            "object_type": object_type or "", "object_id": object_id, "document_id": document_id,
            "public": bool(public), "details": details}


def entry_hash(prev: str, fields: dict) -> str:
    """sha256(prev + canonical JSON of the fields): sorted keys, no spaces, UTF-8 unescaped."""
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sha256_hex((prev + canonical).encode("utf-8"))
