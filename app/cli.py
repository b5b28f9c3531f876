"""flask commands, usable from scripts without prompts. Thin: parse, call a service, commit."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from app.auth import services as auth_services
from app.db_types import utcnow
from app.demo.seed import DEMO_PASSWORD, database_is_empty, demo_accounts, seed
from app.errors import PalabreError
from app.extensions import db
from app.mail import services as mail_services
from app.members import services as member_services
from app.urls import app_path


def run_service(action):
    """Run a service and commit; print its refusal as a clean CLI error."""
    try:
        result = action()
        db.session.commit()
        return result
    except PalabreError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None


def require_organisation(slug: str | None):
    if slug is None:
        return None
    organisation = member_services.find_organisation(slug)
    if organisation is None:
        raise click.ClickException(f"No organisation “{slug}”.")
    return organisation


@click.command("create-organisation")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--status", type=click.Choice(["member", "candidate", "former"]), default="member")
@click.option("--website")
@with_appcontext
def create_organisation(slug, name, status, website):
    """Create an organisation."""
    organisation = run_service(lambda: member_services.create_organisation(slug, name, status=status, website=website))
    click.echo(f"Created organisation {organisation.slug} ({organisation.status}).")


@click.command("create-person")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--organisation", "organisation_slug")
@click.option("--delegate", is_flag=True)
@click.option("--facilitator", is_flag=True)
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@with_appcontext
def create_person(email, name, organisation_slug, delegate, facilitator, language, password_stdin):
    """Create a person (the password is read from stdin, never from the command line)."""
    organisation = require_organisation(organisation_slug)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    person = run_service(lambda: auth_services.create_person(
        email, name, password=password, organisation=organisation,
        is_delegate=delegate, is_facilitator=facilitator, language=language,
    ))
    click.echo(f"Created {person.email} ({', '.join(person.roles) or 'no role'}).")


@click.command("invite")
@click.argument("email")
@click.option("--organisation", "organisation_slug", required=True)
@click.option("--delegate", is_flag=True)
@click.option("--base-url", help="Where this instance answers; PALABRE_BASE_URL by default.")
@with_appcontext
def invite(email, organisation_slug, delegate, base_url):
    """Invite someone into an organisation: print the one-time link and e-mail it to them."""
    organisation = require_organisation(organisation_slug)
    _invitation, secret = run_service(lambda: auth_services.create_invitation(
        email, organisation, by=None, now=utcnow(), days=current_app.config["INVITATION_DAYS"], as_delegate=delegate,
    ))
    path = app_path("auth.accept_invitation", secret=secret)
    link = base_url.rstrip("/") + path if base_url else mail_services.absolute(path)
    click.echo(link)
    run_service(lambda: mail_services.queue_invitation(
        email, organisation=organisation, link=link, days=current_app.config["INVITATION_DAYS"],
        language=current_app.config["BABEL_DEFAULT_LOCALE"], now=utcnow()))
    mail_services.send_pending()


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has people.")
@with_appcontext
def seed_demo(if_empty):
    """Fill the database with the demo collective."""
    if if_empty and not database_is_empty():
        click.echo("The database already has data: the demo is not seeded again.")
        return
    run_service(lambda: seed(now=utcnow(), log=click.echo))
    click.echo("Demo collective ready.")


@click.command("demo-banner")
@click.option("--url", default="http://127.0.0.1:5000/")
@with_appcontext
def demo_banner(url):
    """Print where the app answers and the demo accounts (used by `make run`)."""
    click.echo(f"\n  Palabre is starting on {url}\n")
    click.echo(f"  Demo accounts (password for all: {DEMO_PASSWORD}):")
    for email, description in demo_accounts():
        click.echo(f"    {email:<42} {description}")
    click.echo("")


commands = [create_organisation, create_person, invite, seed_demo, demo_banner]
