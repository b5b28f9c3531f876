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
TIME = {"type": "string", "format": "date-time"}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
DIFF = {"type": "array", "items": {"type": "array", "prefixItems": [{"enum": [-1, 0, 1]}, STRING],
                                   "minItems": 2, "maxItems": 2}}
AMENDMENT_STATUS = {"enum": ["draft", "discussion", "voting", "accepted", "rejected", "withdrawn", "needs_update"]}


def page_of(name: str) -> dict:
    """The paginated list of API.md."""
    return obj({"items": {"type": "array", "items": ref(name)}, "page": INTEGER, "per_page": INTEGER,
                "total": INTEGER})


SUMMARY_AMENDMENT = {
    "id": INTEGER, "document": STRING, "title": STRING, "status": AMENDMENT_STATUS, "base_version": INTEGER,
    "author": STRING, "organisation": nullable(STRING), "created_at": TIME,
}
VERSION_SUMMARY = {
    "number": INTEGER, "created_at": TIME, "author": nullable(STRING), "organisation": nullable(STRING),
    "amendment_id": nullable(INTEGER), "summary": STRING, "clauses_added": INTEGER,
    "clauses_changed": INTEGER, "clauses_removed": INTEGER,
}
VOTE = obj({
    "status": {"enum": ["open", "closed", "cancelled"]}, "opens_at": TIME, "closes_at": TIME,
    "closed_at": nullable(TIME), "eligible": INTEGER, "quorum": FRACTION, "threshold": FRACTION,
    "tally": obj({"for": INTEGER, "against": INTEGER, "abstain": INTEGER}), "quorum_reached": BOOLEAN,
    "outcome": {"enum": [None, "accepted", "rejected", "no_quorum"]},
})

SCHEMAS = {
    "Error": obj({"error": obj({"code": STRING, "message": STRING})}),
    "User": obj({"id": INTEGER, "name": STRING, "roles": {"type": "array", "items": STRING},
                 "organisation": nullable(obj({"slug": STRING, "name": STRING}))}),
    "Token": obj({"token": STRING, "user": ref("User")}),
    "Organisation": obj({"slug": STRING, "name": STRING, "status": {"enum": ["member", "candidate", "former"]},
                         "website": nullable(STRING), "signed_charter_version": nullable(INTEGER)},
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
    "Application": obj({"id": INTEGER, "status": {"enum": ["pending", "voting", "accepted", "rejected"]},
                        "submitted_at": TIME, "decided_at": nullable(TIME), "charter_version": nullable(INTEGER),
                        "organisation": ref("Organisation")}),
    "Ballot": obj({"organisation": STRING, "choice": {"enum": ["for", "against", "abstain"]},
                   "justification": STRING, "cast_at": TIME}),
    "Comment": obj({"id": INTEGER, "clause_id": nullable(STRING), "quote": nullable(STRING), "body_html": STRING,
                    "status": {"enum": ["open", "resolved", "outdated", "hidden"]}, "author": STRING,
                    "parent_id": nullable(INTEGER), "created_at": TIME, "first_version": nullable(INTEGER)},
                   {"organisation": nullable(STRING), "edited_at": nullable(TIME), "withdrawn": BOOLEAN,
                    "hidden_reason": nullable(STRING), "amendment_id": nullable(INTEGER),
                    "application_id": nullable(INTEGER)}),
    # snippet: HTML, escaped except for the <mark> around the words found
    "Watch": obj({"kind": {"enum": ["document", "clause", "amendment"]}, "document": STRING,
                  "clause": nullable(STRING), "amendment": nullable(INTEGER), "url": STRING, "created_at": TIME}),
    "SearchResult": obj({"kind": {"enum": ["clause", "amendment", "comment", "organisation"]}, "title": STRING,
                         "url": STRING, "snippet": STRING}),
    **{f"{name}Page": page_of(name) for name in
       ("Organisation", "Document", "VersionSummary", "ClauseChange", "AmendmentSummary", "Ballot", "Comment",
        "SearchResult", "Watch")},
}
