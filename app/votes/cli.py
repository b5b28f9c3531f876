"""flask commands for votes: the rules of a document, and closing due votes from cron."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import run_service
from app.db_types import utcnow
from app.documents.queries import get_document
from app.mail.cli import queue_and_send
from app.votes import rules
from app.votes.closing import close_due_votes


def rules_options(command):
    """The options of a rules command (document or membership rules alike)."""
    for option in reversed([
        click.option("--quorum", type=float, help="Share of member organisations that must vote, 0 to 1."),
        click.option("--threshold", type=float, help="Share of 'for' among for+against, 0.5 to 1."),
        click.option("--discussion-days", type=float),
        click.option("--voting-days", type=float),
        click.option("--secret-ballots/--public-ballots", default=None),
    ]):
        command = option(command)
    return command


def describe_rules(name: str, holder) -> str:
    """One line saying the rules now in force."""
    return (f"{name}: quorum {holder.quorum:g}, threshold {holder.threshold:g}, "
            f"discussion {holder.discussion_days:g} d, voting {holder.voting_days:g} d, "
            f"{'secret' if holder.secret_ballots else 'public'} ballots.")


@click.command("set-rules")
@click.argument("slug")
@rules_options
@with_appcontext
def set_rules(slug, quorum, threshold, discussion_days, voting_days, secret_ballots):
    """Set the voting rules of a document (open votes keep theirs)."""
    document = run_service(lambda: rules.set_rules(
        get_document(slug), quorum=quorum, threshold=threshold, discussion_days=discussion_days,
        voting_days=voting_days, secret_ballots=secret_ballots))
    click.echo(describe_rules(document.slug, document))


@click.command("close-due-votes")
@with_appcontext
def close_due():
    """Close every vote past its deadline and send the mail due (for cron; pages also close votes when read)."""
    closed = close_due_votes(utcnow())
    reminders, _digests, sent, _failed = queue_and_send()
    click.echo(f"{closed} vote(s) closed. {reminders} reminder(s) queued, {sent} e-mail(s) sent.")


commands = [set_rules, close_due]
