"""The OpenAPI description: it covers every API route, and the API keeps its promises (schemathesis)."""
from __future__ import annotations

import os
import re

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
    assert set(schemas["Ballot"]["required"]) == {"organisation", "choice", "justification", "cast_at"}


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
