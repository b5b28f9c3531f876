"""flask setup and flask setup-code: the first start of a collective from the command line, for scripts."""
from __future__ import annotations

import os
import sys

import click
from flask.cli import with_appcontext

from app.cli import run_service
from app.collective import services, setup_code
from app.db_types import utcnow
from app.extensions import db
from app.mail import services as mail_services


def _read(path: str | None) -> bytes | None:
    if not path:
        return None
    with open(path, "rb") as stream:
        return stream.read()


@click.command("setup")
@click.option("--name", prompt="Name of the collective", help="The collective's name, shown everywhere.")
@click.option("--short-name", default="", help="Shown in the header when the name is long.")
@click.option("--description", default="", help="What the collective is, in a sentence or two.")
@click.option("--language", "languages", multiple=True, type=click.Choice(services.LANGUAGES), default=("fr",),
              show_default=True, help="A language the collective writes in; repeat; the first is the main one.")
@click.option("--contact", "contact_email", default="", help="The collective's contact address.")
@click.option("--logo", type=click.Path(dir_okay=False, exists=True), help="A PNG, JPEG or WebP file.")
@click.option("--facilitator-name", prompt="Name of the first facilitator")
@click.option("--facilitator-email", prompt="E-mail address of the first facilitator")
@click.option("--password-stdin", is_flag=True, help="Read the facilitator's password from the first line of stdin.")
@click.option("--organisations", "organisations_path", type=click.Path(dir_okay=False, exists=True),
              help='A text file: one "Organisation name, contact@address" per line; each contact is invited.')
@click.option("--text", "texts", nargs=2, multiple=True, type=(str, click.Path(dir_okay=False, exists=True)),
              metavar="TITLE FILE", help="A first text (.md, .txt, .odt or .docx) and its title; repeat.")
@with_appcontext
def setup(name, short_name, description, languages, contact_email, logo, facilitator_name, facilitator_email,
          password_stdin, organisations_path, texts):
    """Set up an empty instance: the collective's identity, its first facilitator, organisations and texts."""
    if services.is_set_up():
        raise click.ClickException("This instance is already set up.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password of the first facilitator", hide_input=True, confirmation_prompt=True)
    organisations = _read(organisations_path)
    founding = services.Founding(
        name=name, short_name=short_name, description=description, languages=list(languages),
        contact_email=contact_email, logo=_read(logo), facilitator_name=facilitator_name, facilitator_email=facilitator_email, password=password,
        organisations=organisations.decode("utf-8", "replace") if organisations else "",
        texts=[services.FirstText(title=title, filename=os.path.basename(path), data=_read(path))
               for title, path in texts],
        language=languages[0])
    person, links = run_service(lambda: services.set_up(founding, now=utcnow()))
    click.echo(f"{name} is set up; {person.email} is its first facilitator.")
    for email, path in links:
        click.echo(f"Invited {email}: {mail_services.absolute(path)}")
    mail_services.send_pending()


@click.command("setup-code")
@with_appcontext
def new_setup_code():
    """Print a new one-time code for the set-up page (the previous one stops working)."""
    if services.is_set_up():
        raise click.ClickException("This instance is already set up: the set-up page is closed.")
    db.session.rollback()  # the code is stored on a connection of its own: hold no lock meanwhile
    code = setup_code.new_code()
    setup_code.store(code, now=utcnow())
    click.echo(f"One-time code of the set-up page (/setup), for 24 hours: {code}")


commands = [setup, new_setup_code]
