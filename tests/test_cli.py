"""The flask commands, as a script would call them."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth import services as auth_services
from app.extensions import db
from app.members.models import Organisation, Person


def test_create_organisation_and_person_from_the_cli(runner):
    result = runner.invoke(args=["create-organisation", "la-ruche", "--name", "La Ruche"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["create-person", "Ana@Ruche.example", "--name", "Ana", "--organisation", "la-ruche",
              "--delegate", "--password-stdin"],
        input="un secret solide\n",
    )
    assert result.exit_code == 0, result.output
    person = auth_services.authenticate("ana@ruche.example", "un secret solide")
    assert person is not None and person.is_delegate and person.organisation.slug == "la-ruche"


def test_cli_refuses_duplicates_with_a_clear_message(runner):
    runner.invoke(args=["create-organisation", "la-ruche", "--name", "La Ruche"])
    result = runner.invoke(args=["create-organisation", "la-ruche", "--name", "Encore"])
    assert result.exit_code != 0 and "la-ruche" in result.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_cli_refuses_unknown_organisation(runner):
    result = runner.invoke(args=["create-person", "x@y.example", "--name", "X", "--organisation", "nope"])
    assert result.exit_code != 0 and "nope" in result.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_invite_prints_a_working_link(runner, client):
    runner.invoke(args=["create-organisation", "la-ruche", "--name", "La Ruche"])
    result = runner.invoke(args=["invite", "new@ruche.example", "--organisation", "la-ruche",
                                 "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:5000/invitations/")
    assert client.get(link.removeprefix("http://127.0.0.1:5000")).status_code == 200


def test_invite_links_to_the_configured_base_url(app, runner):
    """Validators' issue 23.1: the README sets PALABRE_BASE_URL; the link printed and mailed is on it."""
    app.config["PALABRE_BASE_URL"] = "https://palabre.example/"
    runner.invoke(args=["create-organisation", "la-ruche", "--name", "La Ruche"])
    result = runner.invoke(args=["invite", "new@ruche.example", "--organisation", "la-ruche"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://palabre.example/invitations/")
    mailed = app.extensions["mailman"].outbox[-1]
    assert link in mailed.body and "127.0.0.1" not in mailed.body


def test_seed_demo_is_idempotent(runner):
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(select(func.count()).select_from(Person))
    assert count > 10
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "not seeded again" in second.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == count
