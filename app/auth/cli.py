"""flask commands for accounts: the administrator's way back in for someone who lost their second factor."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.auth import sealing, second_factor, services
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


@click.command("reseal-totp-secrets")
@with_appcontext
def reseal_totp_secrets():
    """Seal every TOTP secret again with the first key of PALABRE_TOTP_KEYS (after adding a new key in front),
    so that the older keys can then be dropped."""
    resealed, unopened = run_service(sealing.reseal_all)
    click.echo(f"{resealed} TOTP secret(s) sealed with the first key.")
    if unopened:
        raise click.ClickException(f"{unopened} secret(s) could not be opened by any key: keep the older keys, or "
                                   "turn those people's second factor off (flask two-factor-off EMAIL).")


commands = [two_factor_off, reseal_totp_secrets]
