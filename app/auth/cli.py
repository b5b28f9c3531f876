"""flask commands for accounts: the administrator's way back in for someone who lost their second factor."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.auth import second_factor, services
from app.cli import run_service
from app.db_types import utcnow
from app.errors import NotFound


def _turn_off(email: str):
    person = services.find_person(email)
    if person is None:
        raise NotFound(f"No one has the e-mail address {email}.")
    second_factor.turn_off(person, now=utcnow())
    return person


@click.command("two-factor-off")
@click.argument("email")
@with_appcontext
def two_factor_off(email: str):
    """Turn two-factor authentication off for EMAIL (lost phone and recovery codes), once you know who asks."""
    person = run_service(lambda: _turn_off(email))
    click.echo(f"Two-factor authentication is off for {person.email}.")


commands = [two_factor_off]
