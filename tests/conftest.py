"""Fixtures: an app with a fresh database per test (SQLite and PostgreSQL), clients, people."""
from __future__ import annotations

import pytest
from pytest_postgresql import factories
from pytest_postgresql.janitor import DatabaseJanitor

from app.auth import services as auth_services
from app.extensions import db
from app.members import services as member_services
from tests.support.apps import fresh_app
from tests.support.databases import PG_CTL_WRAPPER, new_database_name, postgresql_available, require_or_skip
from tests.support.forms import login

PASSWORD = "correct horse"

postgresql_proc = factories.postgresql_proc(executable=PG_CTL_WRAPPER, port=None)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    require_or_skip(postgresql_available(), "PostgreSQL")
    proc = request.getfixturevalue("postgresql_proc")
    name = new_database_name()
    with DatabaseJanitor(user=proc.user, host=proc.host, port=proc.port,
                         dbname=name, password=proc.password):
        yield f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}"


@pytest.fixture
def app(database_url):
    """The application on a fresh schema, with an app context pushed for the test."""
    with fresh_app(database_url) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organisation(app):
    def make(slug: str, status: str = "member", **fields):
        return member_services.create_organisation(slug, fields.pop("name", slug.title()), status=status, **fields)
    return make


@pytest.fixture
def make_person(app):
    def make(email: str, organisation=None, *, delegate=False, facilitator=False, active=True, **fields):
        person = auth_services.create_person(
            email, fields.pop("name", email.split("@")[0].title()), password=PASSWORD,
            organisation=organisation, is_delegate=delegate, is_facilitator=facilitator, **fields,
        )
        person.is_active_account = active
        db.session.commit()
        return person
    return make


@pytest.fixture
def people(make_organisation, make_person):
    """One person of each role: member and delegate of A, delegate of B, facilitator, deactivated."""
    org_a = make_organisation("org-a", name="Organisation A")
    org_b = make_organisation("org-b", name="Organisation B")
    candidate = make_organisation("org-c", status="candidate", name="Candidate C")
    return {
        "org_a": org_a,
        "org_b": org_b,
        "candidate_org": candidate,
        "member_a": make_person("member@a.example", org_a),
        "delegate_a": make_person("delegate@a.example", org_a, delegate=True),
        "delegate_a2": make_person("delegate2@a.example", org_a, delegate=True),
        "delegate_b": make_person("delegate@b.example", org_b, delegate=True),
        "facilitator": make_person("facilitator@example.org", facilitator=True),
        "deactivated": make_person("gone@a.example", org_a, active=False),
        "candidate": make_person("contact@c.example", candidate, delegate=True),
    }


@pytest.fixture
def login_as(client, people):
    """Log the test client in as one of the `people` roles."""
    def do(role: str):
        login(client, people[role].email, PASSWORD)
        return people[role]
    return do
