"""The OpenAPI description: it covers every API route, and the API keeps its promises (schemathesis)."""
from __future__ import annotations

import os
import re

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from app import create_app
from app.auth import services as auth_services
from app.db_types import utcnow
from app.demo.seed import seed
from app.extensions import db
from app.members.models import Person
from config import TestConfig

# A handful of requests per operation keeps the suite quick; raise it to hunt: SCHEMATHESIS_EXAMPLES=200.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def openapi_path(rule: str) -> str:
    """/documents/<slug>/versions/<int:number> → /documents/{slug}/versions/{number}."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_api_route_is_described(client):
    description = client.get("/api/v1/openapi.json").get_json()
    assert description["openapi"].startswith("3.")
    for rule in client.application.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = openapi_path(rule.rule.removeprefix("/api/v1"))
        assert path in description["paths"], f"{rule.rule} is missing from openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in description["paths"][path], f"{method} {rule.rule} is not described"


def test_described_fields_are_the_api_md_fields(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Error"]["properties"]["error"]["required"] == ["code", "message"]
    assert set(schemas["VersionSummary"]["required"]) >= {"number", "created_at", "author", "amendment_id", "summary"}
    # API.md: {"organisation", "choice"|"ranking", "justification", "cast_at", …}
    assert set(schemas["Ballot"]["required"]) == {"organisation", "justification", "cast_at"}
    assert {"choice", "ranking"} <= set(schemas["Ballot"]["properties"])


@pytest.fixture
def demo_app(database_url):
    """The app on the demo collective; no app context stays pushed, so each request has its own."""
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)
    with application.app_context():
        db.create_all()
        seed(now=utcnow(), log=lambda _message: None)
        facilitator = db.session.scalar(db.select(Person).where(Person.is_facilitator))
        application.config["SCHEMATHESIS_TOKEN"] = auth_services.issue_token(facilitator)
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def run_operation(operation, headers: dict, mode: GenerationMode, checks: list) -> None:
    """Send a few generated requests to one operation and check every response."""
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)
    try:
        check()
    except Unsatisfiable:
        # An operation without parameters or body has no invalid request to send.
        assert mode == GenerationMode.NEGATIVE


def test_schemathesis_finds_no_server_error(demo_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", demo_app)
    token = demo_app.config["SCHEMATHESIS_TOKEN"]
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = {"Authorization": f"Bearer {token}"} if "security" in operation.definition.raw else {}
        run_operation(operation, headers, GenerationMode.POSITIVE, CHECKS)
        # Invalid input (wrong types, missing fields): a 4xx, never a 500.
        run_operation(operation, headers, GenerationMode.NEGATIVE, [not_a_server_error])


# Refusals that depend on what is stored, not on the shape of the request: no schema can say them.
REFUSED_BY_STATE = {"no_change", "unknown_clause", "invalid_parent", "not_a_thread", "missing_clause",
                    "invalid_markdown", "duplicate", "vote_closed", "invalid_date"}


def test_a_request_the_description_allows_is_not_refused_as_malformed(demo_app):
    """Issue 23.8: validators sent 12 schema-valid requests that the server refused with 400 or 422."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", demo_app)
    token = demo_app.config["SCHEMATHESIS_TOKEN"]
    refused = []
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = {"Authorization": f"Bearer {token}"} if "security" in operation.definition.raw else {}

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers=headers)
            if response.status_code in (400, 422):
                code = response.json()["error"]["code"]
                if code not in REFUSED_BY_STATE:
                    refused.append(f"{operation.method.upper()} {operation.path}: {response.json()['error']['message']}"
                                   f" for {case.body!r}")
        check()
    assert refused == [], "\n".join(refused)


def body_schema(description: dict, path: str, method: str = "post") -> dict:
    return description["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def query_schema(description: dict, path: str, name: str) -> dict:
    return next(p["schema"] for p in description["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_each_documented_constraint_is_where_the_server_refuses(demo_app):
    """The server refuses exactly what the description says it refuses, on a few values each side."""
    client = demo_app.test_client()
    description = client.get("/api/v1/openapi.json").get_json()
    with demo_app.app_context():
        delegate = db.session.scalar(db.select(Person).where(Person.email == "mathilde@la-clede.example"))
        token = {"Authorization": f"Bearer {auth_services.issue_token(delegate)}"}
        db.session.commit()

    def allowed(schema: dict, value) -> bool:
        return jsonschema_rs.Draft202012Validator(schema).is_valid(value)

    amendment = body_schema(description, "/documents/{slug}/amendments")
    good = {"title": "Un titre", "rationale": "Parce que.", "markdown": "# Charte\n\nAutre texte.\n", "base_version": 1}
    for field, bad in (("title", "t" * 201), ("title", "   "), ("rationale", "\n"), ("base_version", 0)):
        answer = client.post("/api/v1/documents/charte/amendments", json={**good, field: bad}, headers=token)
        assert answer.status_code == 422, (field, bad)
        assert not allowed(amendment, {**good, field: bad}), (field, bad)
    assert allowed(amendment, good)

    comment = body_schema(description, "/amendments/{amendment_id}/comments")
    for bad in ("  ", "c" * 10_001):
        assert client.post("/api/v1/amendments/11/comments", json={"body": bad}, headers=token).status_code == 422
        assert not allowed(comment, {"body": bad})
    assert client.post("/api/v1/amendments/11/comments", json={"body": "c" * 10_000}, headers=token).status_code == 201
    assert allowed(comment, {"body": "c" * 10_000})

    application = body_schema(description, "/applications")
    candidate = {"name": "Chatons du Coin", "description": "Un chaton.", "has_read_charter": True,
                 "contact": {"name": "Zoé", "email": "zoe@coin.example", "password": "correct horse"}}
    for bad in ({**candidate, "has_read_charter": False}, {**candidate, "website": "coin.example"},
                {**candidate, "contact": {**candidate["contact"], "email": "zoé@coin.example"}},
                {**candidate, "contact": {**candidate["contact"], "password": "short"}}):
        assert client.post("/api/v1/applications", json=bad).status_code == 422, bad
        assert not allowed(application, bad), bad
    assert allowed(application, candidate)

    assert client.get("/api/v1/amendments?status=adopted").status_code == 400
    assert not allowed(query_schema(description, "/amendments", "status"), "adopted")
    assert client.get("/api/v1/documents/charte/compare?from=0&to=1").status_code == 422
    assert not allowed(query_schema(description, "/documents/{slug}/compare", "from"), 0)


def test_the_ballots_of_an_amendment_without_a_vote_check_the_page_arguments(client, people):
    from app.amendments import services as amendments
    from app.documents import services as documents

    charter = documents.create_document("charte", "Charte", "# Charte\n\nUn.\n", author=None, now=utcnow())
    amendment = amendments.create_amendment(charter, author=people["member_a"], title="T", rationale="R",
                                            markdown="# Charte\n\nDeux.\n", base_number=1, now=utcnow())
    db.session.commit()
    refused = client.get(f"/api/v1/amendments/{amendment.id}/ballots?per_page=0")
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"
    page = client.get(f"/api/v1/amendments/{amendment.id}/ballots?per_page=5&page=2").get_json()
    assert page == {"items": [], "page": 2, "per_page": 5, "total": 0}
