"""The JSON Schemas of the OpenAPI description: the objects of API.md, as the serialisers build them."""
from __future__ import annotations


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: dict, optional: dict | None = None) -> dict:
    """An object whose `required` fields are always present (more fields may be added later)."""
    return {"type": "object", "required": sorted(required), "properties": {**required, **(optional or {})}}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


STRING, INTEGER, NUMBER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
# What the server refuses, said in the request schemas (issue 23.8): no text holds NUL; some need a word.
# Spelled out rather than `\\s`, whose meaning differs between regex dialects: exactly Python's
# str.isspace(), which the server's strip() and its own `\\s` use.
SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = f"^[^\\u0000]*[^{SPACE}\\u0000][^\\u0000]*$"
LARGEST_ID = 2**31 - 1


def text(max_length: int, *, blank: bool = True, min_length: int = 0) -> dict:
    """A string field of a request: at most `max_length` characters, no NUL; with a word unless `blank`."""
    schema = {"type": "string", "maxLength": max_length, "pattern": NO_NUL if blank else NOT_BLANK}
    return {**schema, "minLength": min_length} if min_length else schema


def whole(minimum: int = 1, maximum: int = LARGEST_ID) -> dict:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


# The API's own check (app/api/organisations.py), and nothing but ASCII before the @ (app/auth/services.py).
EMAIL = {"type": "string", "maxLength": 254,
         "pattern": f"^[\\x21-\\x3f\\x41-\\x7e]{{1,64}}@[^@{SPACE}\\u0000]+\\.[^@{SPACE}\\u0000]+$"}
WEBSITE = {"type": "string", "maxLength": 500, "pattern": "^https?://[^\\u0000]*$"}
TIME = {"type": "string", "format": "date-time"}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
DIFF = {"type": "array", "items": {"type": "array", "prefixItems": [{"enum": [-1, 0, 1]}, STRING],
                                   "minItems": 2, "maxItems": 2}}
AMENDMENT_STATUS = {"enum": ["draft", "discussion", "voting", "accepted", "rejected", "withdrawn", "needs_update", "not_retained"]}


def page_of(name: str) -> dict:
    """The paginated list of API.md."""
    return obj({"items": {"type": "array", "items": ref(name)}, "page": INTEGER, "per_page": INTEGER,
                "total": INTEGER})


SUMMARY_AMENDMENT = {
    "id": INTEGER, "document": STRING, "title": STRING, "status": AMENDMENT_STATUS, "base_version": INTEGER,
    "author": STRING, "organisation": nullable(STRING), "created_at": TIME,
}
HASH = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
VERSION_SUMMARY = {
    "number": INTEGER, "created_at": TIME, "author": nullable(STRING), "organisation": nullable(STRING),
    "amendment_id": nullable(INTEGER), "summary": STRING, "clauses_added": INTEGER,
    "clauses_changed": INTEGER, "clauses_removed": INTEGER,
    "sha256": {**nullable(HASH), "description": "SHA-256 (hex) of the version's Markdown as UTF-8 bytes."},
    "chain": {**nullable(HASH), "description": (
        'SHA-256 of "<chain of the previous version>\\n<sha256>\\n<amendment_id>\\n<vote_id>" (UTF-8): the '
        "previous chain of version 1 is 64 zeros, a missing id is the empty string.")},
    "vote_id": {**nullable(INTEGER), "description": "The vote that adopted the amendment of this version."},
}
VERIFIED = obj({"checked": INTEGER, "broken": {"type": "array", "items": {"type": "object"}}})
# The tally is null while a secret vote is open: only `ballots_cast` (how many organisations voted) is told.
VOTE_FIELDS = {
    "id": INTEGER, "status": {"enum": ["open", "closed", "cancelled"]}, "opens_at": TIME, "closes_at": TIME,
    "closed_at": nullable(TIME), "eligible": INTEGER, "quorum": FRACTION, "threshold": FRACTION,
    "tally": nullable(obj({"for": INTEGER, "against": INTEGER, "abstain": INTEGER})), "ballots_cast": INTEGER,
    "quorum_reached": BOOLEAN, "outcome": {"enum": [None, "accepted", "rejected", "no_quorum"]},
}
VOTE = obj(VOTE_FIELDS)
MATRIX = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": INTEGER}}
# Tiers of option keys, best first; keys in one tier are tied; an option left out ranks below all listed.
RANKING = {"type": "array", "items": {"type": "array", "items": STRING}}
PATHS_MATRIX = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {
    "type": "array", "items": INTEGER, "minItems": 2, "maxItems": 2}}}
# GET /votes/<id>: whatever the subject; the electorate is the member organisations when it opened.
FULL_VOTE = obj({
    **VOTE_FIELDS, "subject": obj({"kind": {"enum": ["amendment", "application", "version", "variants"]},
                                   "id": INTEGER}),
    "method": {"enum": ["approval", "ranked"]},
    "rules": obj({"quorum": FRACTION, "threshold": FRACTION, "proxies_per_holder": INTEGER},
                 {"secret_ballots": BOOLEAN}),
    "electorate": {"type": "array", "items": STRING},
}, {
    # Ranked votes (method "ranked"): the tally is the final question's — the winner against "current":
    # for, against, and no preference between the two. The options, keyed "a<amendment id>" and "current"; once closed, the
    # Schulze count. pairwise[x][y]: organisations ranking x above y; strongest_paths[x][y]: the strength of
    # the strongest path from x to y, as [support, opposition] of its weakest link ([0, 0]: no path); ranking:
    # tiers, best first; winner: the first of the first tier, a tie going to "current", then to the amendment
    # proposed first.
    "options": {"type": "array", "items": obj({"key": STRING, "title": STRING}, {"amendment_id": INTEGER})},
    "result": obj({"pairwise": MATRIX, "ranking": RANKING, "winner": nullable(STRING)},
                  {"strongest_paths": PATHS_MATRIX}),
})

SCHEMAS = {
    "Error": obj({"error": obj({"code": STRING, "message": STRING})}),
    "User": obj({"id": INTEGER, "name": STRING, "roles": {"type": "array", "items": STRING},
                 "organisation": nullable(obj({"slug": STRING, "name": STRING}))}),
    "Token": obj({"token": STRING, "user": ref("User"), "expires_at": TIME}),
    "Organisation": obj({"slug": STRING, "name": STRING, "status": {"enum": ["member", "candidate", "former"]},
                         "website": nullable(STRING), "signed_charter_version": nullable(INTEGER),
                         "signed_charter_sha256": nullable(HASH)},
                        {"city": nullable(STRING)}),
    "Document": obj({"slug": STRING, "title": STRING, "head_version": INTEGER}),
    "Rules": obj({"quorum": FRACTION, "threshold": FRACTION, "discussion_days": NUMBER, "voting_days": NUMBER,
                  "secret_ballots": BOOLEAN}),
    "DocumentDetail": obj({"slug": STRING, "title": STRING, "head_version": INTEGER, "markdown": STRING,
                           "rules": ref("Rules")}),
    "VersionSummary": obj(VERSION_SUMMARY),
    "Version": obj({**VERSION_SUMMARY, "markdown": STRING, "html": STRING,
                    "clauses": {"type": "array", "items": obj({"id": STRING, "kind": STRING, "text": STRING})}}),
    "Compare": obj({"from": INTEGER, "to": INTEGER, "diff": DIFF}),
    "ClauseChange": obj({"version": INTEGER, "text": STRING}),
    "AmendmentCreated": obj({"id": INTEGER, "status": AMENDMENT_STATUS, "base_version": INTEGER, "title": STRING}),
    "AmendmentSummary": obj(SUMMARY_AMENDMENT),
    "Amendment": obj({**SUMMARY_AMENDMENT, "rationale": STRING, "markdown": STRING, "diff": DIFF,
                      "vote": nullable(ref("Vote")), "merged_version": nullable(INTEGER)},
                     {"target_clause_id": nullable(STRING), "changed_clauses": {"type": "array", "items": STRING}}),
    "Vote": VOTE,
    "FullVote": FULL_VOTE,
    "Proxy": obj({"from": STRING, "to": STRING, "given_at": TIME}),
    "Application": obj({"id": INTEGER, "status": {"enum": ["pending", "voting", "accepted", "rejected"]},
                        "submitted_at": TIME, "decided_at": nullable(TIME), "charter_version": nullable(INTEGER),
                        "organisation": ref("Organisation")}, {"vote": nullable(ref("Vote"))}),
    # cast_by_proxy_of: the organisation holding the proxy whose delegate cast this organisation's ballot.
    # An approval ballot has a choice, a ranked one a ranking.
    "Ballot": obj({"organisation": STRING, "justification": STRING, "cast_at": TIME},
                  {"choice": {"enum": ["for", "against", "abstain"]}, "ranking": RANKING,
                   "cast_by_proxy_of": nullable(STRING)}),
    "Comment": obj({"id": INTEGER, "clause_id": nullable(STRING), "quote": nullable(STRING), "body_html": STRING,
                    "status": {"enum": ["open", "resolved", "outdated", "hidden"]}, "author": STRING,
                    "parent_id": nullable(INTEGER), "created_at": TIME, "first_version": nullable(INTEGER)},
                   {"organisation": nullable(STRING), "edited_at": nullable(TIME), "withdrawn": BOOLEAN,
                    "hidden_reason": nullable(STRING), "amendment_id": nullable(INTEGER),
                    "application_id": nullable(INTEGER)}),
    "AuditEntry": {**obj({
        "id": INTEGER, "seq": INTEGER, "hash": HASH, "prev": HASH, "redacted": BOOLEAN, "public": BOOLEAN,
        "at": nullable(TIME), "action": nullable(STRING), "actor": nullable(obj({"id": INTEGER, "name": STRING})),
        "organisation_id": nullable(INTEGER), "object": nullable(obj({"type": STRING, "id": nullable(INTEGER)})),
        "document_id": nullable(INTEGER), "details": nullable({"type": "object"})}),
        "description": (
            'hash = SHA-256 of prev followed by the canonical JSON of {"at", "action", "actor_id" (actor.id), '
            '"organisation_id", "object_type" (object.type), "object_id" (object.id), "document_id", "public", '
            '"details"}: keys sorted, separators "," and ":", non-ASCII unescaped, UTF-8, at in UTC with '
            "microseconds. prev of the first entry is 64 zeros. A private entry is given to whom may not read "
            "it as its link only (redacted), so the chain stays whole.")},
    "Verification": obj({"ok": BOOLEAN, "versions": VERIFIED, "audit": VERIFIED, "ballots": VERIFIED}),
    "Receipt": obj({"receipt": STRING}),
    # snippet: HTML, escaped except for the <mark> around the words found
    "Watch": obj({"kind": {"enum": ["document", "clause", "amendment", "application"]},
                  "document": nullable(STRING), "clause": nullable(STRING), "amendment": nullable(INTEGER),
                  "application": nullable(INTEGER), "url": STRING, "created_at": TIME}),
    "SearchResult": obj({"kind": {"enum": ["clause", "amendment", "comment", "organisation"]}, "title": STRING,
                         "url": STRING, "snippet": STRING}),
    **{f"{name}Page": page_of(name) for name in
       ("Organisation", "Document", "VersionSummary", "ClauseChange", "AmendmentSummary", "Ballot", "Comment",
        "AuditEntry", "Receipt", "SearchResult", "Watch")},
}
