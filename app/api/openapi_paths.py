"""The operations of the OpenAPI description, one entry per route of app/api (see API.md)."""
from __future__ import annotations

from app.amendments.models import STATUSES
from app.api.openapi_schemas import BOOLEAN, EMAIL, SPACE, STRING, TIME, WEBSITE, obj, ref, text, whole
from app.members.services import MAX_SERVICES

ERRORS = {"400": "Malformed request", "401": "No or invalid token", "403": "Not allowed", "404": "Not found",
          "409": "Conflict", "413": "Too large", "422": "Invalid values", "429": "Too many requests"}


def path_param(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def query_param(name: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


SLUG = path_param("slug", STRING)
NUMBER = path_param("number", {"type": "integer", "minimum": 0})
AMENDMENT_ID = path_param("amendment_id", {"type": "integer", "minimum": 0})
PAGES = [query_param("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
         query_param("per_page", {"type": "integer", "minimum": 1, "maximum": 100})]


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def op(summary: str, status: int, schema: dict | None, *, params=(), body: dict | None = None,
       auth: bool = False, errors=("400", "404"), content: dict | None = None) -> dict:
    """One operation: its success response, the error responses it may give, its body and parameters."""
    responses = {str(status): {"description": "Success", "content": content or json_content(schema)}}
    codes = {*errors, "401"}  # any request with a bad token is refused with 401, even a read
    responses.update({code: {"description": ERRORS[code], "content": json_content(ref("Error"))}
                      for code in sorted(codes)})
    operation = {"summary": summary, "parameters": list(params), "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": json_content(body)}
    if auth:
        operation["security"] = [{"bearer": []}]
    return operation


def body(required: dict, optional: dict | None = None) -> dict:
    """A request body: exactly these fields (unknown fields are refused with 422)."""
    return {**obj(required, optional), "additionalProperties": False}


# {"document": slug}, {"document": slug, "clause": clause id} (or {"clause": "slug/clause id"}), {"amendment": id}
WATCH_NAME = text(200, blank=False)
WATCH_BODY = {"oneOf": [
    {**body({"document": WATCH_NAME}, {"clause": WATCH_NAME})},
    {**body({"clause": {**WATCH_NAME, "pattern": "^[^\\u0000/]+/[^\\u0000]+$"}})},
    {**body({"amendment": whole()})},
    {**body({"application": whole()})},
]}


ALL = ("400", "401", "403", "404", "409", "413", "422")
AMENDMENT_BODY = body({"title": text(200, blank=False), "rationale": text(20_000, blank=False),
                       "markdown": text(1_000_000), "base_version": whole()}, {"draft": BOOLEAN})
COMMENT_TEXT = text(10_000, blank=False)  # app/comments/services.py MAX_BODY
COMMENT_BODY = body({"body": COMMENT_TEXT}, {"clause_id": text(16), "quote": text(2000), "parent_id": whole()})
AMENDMENT_OPS = [AMENDMENT_ID]
MARKDOWN = {"text/markdown": {"schema": STRING}}

PATHS = {
    "/tokens": {"post": op("Trade an e-mail and password (and, once two-factor authentication is on, a code of the "
                           "app or a recovery code) for a token", 201, ref("Token"),
                           body=body({"email": text(254), "password": text(500)}, {"code": text(40)}),
                           errors=("400", "401", "403", "422", "429"))},
    "/password-reset": {"post": op("Ask for a link to choose a new password, by e-mail: the same answer whether "
                                   "the address is known or not", 202, obj({"message": STRING}),
                                   body=body({"email": text(254)}), errors=("400", "422", "429"))},
    "/organisations": {"get": op("List organisations", 200, ref("OrganisationPage"), params=PAGES)},
    "/watches": {
        "get": op("What the token's person follows", 200, ref("WatchPage"), params=PAGES, auth=True),
        "put": op("Follow a document, a clause of it, an amendment or an application to join", 200, ref("Watch"), auth=True,
                  body=WATCH_BODY, errors=("400", "403", "404", "422")),
        "delete": op("Stop following it", 200, obj({"following": BOOLEAN}), auth=True, body=WATCH_BODY,
                     errors=("400", "403", "404", "422")),
    },
    "/search": {"get": op("Search the current texts by clause, amendments, comments and organisations", 200,
                          ref("SearchResultPage"), errors=("400", "422"),
                          params=[query_param("q", text(200, blank=False), required=True),
                                  query_param("kind", {"type": "string", "enum": ["clause", "amendment", "comment",
                                                                                   "organisation"]}), *PAGES])},
    "/documents": {"get": op("List documents", 200, ref("DocumentPage"), params=PAGES)},
    "/documents/{slug}": {"get": op("Read a document and its head", 200, ref("DocumentDetail"), params=[SLUG])},
    "/documents/{slug}/versions": {"get": op("List versions", 200, ref("VersionSummaryPage"),
                                             params=[SLUG, *PAGES])},
    "/documents/{slug}/versions/{number}": {"get": op("Read a version", 200, ref("Version"), params=[SLUG, NUMBER])},
    "/documents/{slug}/versions/{number}.md": {"get": op("A version's raw Markdown", 200, None, content=MARKDOWN,
                                                         params=[SLUG, NUMBER])},
    "/documents/{slug}/compare": {"get": op(
        "Compare two versions", 200, ref("Compare"), errors=("400", "404", "422"),
        params=[SLUG, query_param("from", whole(), True), query_param("to", whole(), True)])},
    "/documents/{slug}/clauses/{clause_id}/history": {"get": op(
        "Versions in which a clause changed", 200, ref("ClauseChangePage"),
        params=[SLUG, path_param("clause_id", STRING), *PAGES])},
    "/documents/{slug}/amendments": {"post": op("Propose an amendment", 201, ref("AmendmentCreated"), params=[SLUG],
                                                body=AMENDMENT_BODY, auth=True, errors=ALL)},
    "/amendments": {"get": op("List amendments", 200, ref("AmendmentSummaryPage"), params=[
        query_param("document", STRING), query_param("status", {"enum": [*STATUSES, "open"]}), *PAGES])},
    "/amendments/{amendment_id}": {"get": op("Read an amendment", 200, ref("Amendment"), params=AMENDMENT_OPS)},
    "/amendments/{amendment_id}/withdraw": {"post": op("Withdraw one's amendment", 200, ref("Amendment"),
                                                       params=AMENDMENT_OPS, auth=True, errors=ALL)},
    "/amendments/{amendment_id}/open-vote": {"post": op(
        "Open the vote (facilitator)", 200, ref("Vote"), params=AMENDMENT_OPS, auth=True, errors=ALL)},
    "/amendments/{amendment_id}/close-vote": {"post": op("Close a vote whose deadline has passed", 200,
                                                         ref("Amendment"), params=AMENDMENT_OPS, errors=ALL)},
    "/amendments/{amendment_id}/cancel-vote": {"post": op("Cancel an open vote (facilitator)", 200, ref("Amendment"),
                                                          params=AMENDMENT_OPS, auth=True, errors=ALL)},
    "/amendments/{amendment_id}/ballot": {"put": op(
        "Cast or change one's organisation's ballot", 200, ref("Ballot"), params=AMENDMENT_OPS, auth=True,
        errors=ALL, body=body({"choice": {"enum": ["for", "against", "abstain"]}}, {"justification": text(5000)}))},
    "/amendments/{amendment_id}/ballots": {"get": op("List ballots", 200, ref("BallotPage"),
                                                     params=[AMENDMENT_ID, *PAGES], errors=("400", "403", "404"))},
    "/documents/{slug}/versions/{number}/comments": {
        "get": op("Comments on a version", 200, ref("CommentPage"), params=[SLUG, NUMBER]),
        "post": op("Comment on a version", 201, ref("Comment"), params=[SLUG, NUMBER], body=COMMENT_BODY,
                   auth=True, errors=(*ALL, "429")),
    },
    "/amendments/{amendment_id}/comments": {
        "get": op("Comments on an amendment", 200, ref("CommentPage"), params=AMENDMENT_OPS),
        "post": op("Comment on an amendment", 201, ref("Comment"), params=AMENDMENT_OPS, body=COMMENT_BODY,
                   auth=True, errors=(*ALL, "429")),
    },
    "/comments/{comment_id}": {"patch": op(
        "Edit, resolve, reopen or hide a comment", 200, ref("Comment"), auth=True, errors=ALL,
        params=[path_param("comment_id", {"type": "integer", "minimum": 0})],
        body={**body({}, {"body": COMMENT_TEXT, "status": {"enum": ["open", "resolved", "hidden"]},
                          "reason": text(1000)}), "anyOf": [{"required": ["body"]}, {"required": ["status"]}]})},
}

SERVICE_URL = {"type": "string", "pattern": f"^https?://[^{SPACE}\\u0000]{{1,490}}$"}  # check_service's
SERVICE = body({"name": text(100, min_length=1)}, {"description": text(1000), "url": SERVICE_URL})
CONTACT = body({"name": text(200, blank=False), "email": EMAIL, "password": text(500, min_length=8)})
PATHS["/applications"] = {"post": op(
    "A candidate organisation applies (no token)", 201, ref("Application"), errors=("400", "422", "429"),
    body=body({"name": text(200, blank=False), "description": text(5000), "contact": CONTACT,
               "has_read_charter": {"const": True}},
              {"website": WEBSITE, "city": text(200), "motivation": text(5000),
               "services": {"type": "array", "items": SERVICE, "maxItems": MAX_SERVICES}}))}
PATHS["/applications"]["post"]["description"] = (
    "The contact's account is made when they open the link e-mailed to the address given; until then the "
    "application waits, unconfirmed. The answer is the same whether or not the address is registered: an "
    "address that already has an account receives, instead of the link, a mail telling its owner.")
APPLICATION_ID = path_param("application_id", {"type": "integer", "minimum": 0})
PATHS["/applications/{application_id}"] = {"get": op("Read an application", 200, ref("Application"),
                                                     params=[APPLICATION_ID])}
PATHS["/applications/{application_id}/comments"] = {
    "get": op("Comments on an application", 200, ref("CommentPage"), params=[APPLICATION_ID]),
    "post": op("Comment on an application (members and the candidate's contact)", 201, ref("Comment"),
               params=[APPLICATION_ID], body=body({"body": COMMENT_TEXT}, {"parent_id": whole()}), auth=True,
               errors=(*ALL, "429")),
}

VOTE_ID = [path_param("vote_id", {"type": "integer", "minimum": 0})]
BALLOT_BODY = {"oneOf": [
    body({"choice": {"enum": ["for", "against", "abstain"]}}, {"justification": STRING, "on_behalf_of": STRING}),
    # A ranked vote: tiers of option keys, best first (a tie: several keys in one tier; left out: last).
    body({"ranking": {"type": "array", "items": {"type": "array", "items": STRING}}},
         {"justification": STRING, "on_behalf_of": STRING}),
]}
PATHS["/votes/{vote_id}"] = {"get": op("Read a vote, whatever its subject", 200, ref("FullVote"), params=VOTE_ID)}
PATHS["/votes/{vote_id}/ballot"] = {"put": op(
    "Cast or change one's organisation's ballot, or (on_behalf_of) the ballot of an organisation whose proxy "
    "one's organisation holds", 200, ref("Ballot"), params=VOTE_ID, auth=True, errors=ALL, body=BALLOT_BODY)}
PATHS["/votes/{vote_id}/ballots"] = {"get": op("List a vote's ballots (none while secret)", 200, ref("BallotPage"),
                                               params=[*VOTE_ID, *PAGES], errors=("400", "403", "404"))}
PATHS["/votes/{vote_id}/proxy"] = {
    "put": op("Give one's organisation's proxy to another organisation of the electorate (409 proxy_limit over "
              "the rules' cap; 409 once one's own ballot is cast)", 200, ref("Proxy"), params=VOTE_ID, auth=True,
              errors=ALL, body=body({"to": STRING})),
    "delete": op("Revoke the proxy, until it is used", 200, obj({"revoked": BOOLEAN}), params=VOTE_ID, auth=True,
                 errors=ALL),
}
PATHS["/votes/{vote_id}/close"] = {"post": op("Close an open vote now (facilitator); closed votes answer as they are",
                                              200, ref("FullVote"), params=VOTE_ID, auth=True, errors=ALL)}
PATHS["/votes/{vote_id}/extend"] = {"post": op("Move an open vote's deadline later (facilitator)", 200,
                                               ref("FullVote"), params=VOTE_ID, auth=True, errors=ALL,
                                               body=body({"closes_at": TIME}))}
PATHS["/votes/{vote_id}/cancel"] = {"post": op("Cancel an open vote (facilitator): its subject is back in discussion",
                                               200, ref("FullVote"), params=VOTE_ID, auth=True, errors=ALL)}

PATHS["/documents/{slug}/versions/{number}/ratification"] = {"post": op(
    "Open the vote on ratifying version n as the text in force (facilitator)", 201, ref("FullVote"),
    params=[SLUG, NUMBER], auth=True, errors=ALL)}
PATHS["/documents/{slug}/versions/{number}/ratification"]["post"]["requestBody"] = {
    "required": False, "content": json_content(body({}, {"closes_at": TIME}))}

PATHS["/documents/{slug}/variant-votes"] = {"post": op(
    "Open one ranked vote over competing amendments in discussion that change overlapping clauses, with the "
    "option of keeping the current text (facilitator)", 201, ref("FullVote"), params=[SLUG], auth=True, errors=ALL,
    body=body({"amendments": {"type": "array", "items": whole(), "minItems": 2, "maxItems": 11}},
              {"closes_at": TIME}))}

# The open-vote body is optional: an empty POST opens with the rules' deadline.
PATHS["/amendments/{amendment_id}/open-vote"]["post"]["requestBody"] = {
    "required": False, "content": json_content(body({}, {"closes_at": TIME}))}

# The record and its verification (API.md, "Record and verification").
PATHS["/audit"] = {"get": op("The record as a hash chain, in chain order", 200, ref("AuditEntryPage"),
                             params=[query_param("after", {"type": "integer", "minimum": 0, "maximum": 999_999_999_999}),
                                     *PAGES])}
PATHS["/verify"] = {"get": op("Recompute every hash and chain (rate limited)", 200, ref("Verification"),
                              errors=("404", "429"))}
PATHS["/votes/{vote_id}/receipts"] = {"get": op(
    "The receipts of a vote's counted ballots (public, even for secret ballots)", 200, ref("ReceiptPage"),
    params=[path_param("vote_id", {"type": "integer", "minimum": 0}), *PAGES])}
