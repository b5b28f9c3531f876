"""flask commands for membership: the rules of membership votes."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import run_service
from app.members.applications import membership_rules
from app.votes import rules


@click.command("set-membership-rules")
@click.option("--quorum", type=float, help="Share of member organisations that must vote, 0 to 1.")
@click.option("--threshold", type=float, help="Share of 'for' among for+against, 0.5 to 1.")
@click.option("--discussion-days", type=float)
@click.option("--voting-days", type=float)
@click.option("--secret-ballots/--public-ballots", default=None)
@with_appcontext
def set_membership_rules(quorum, threshold, discussion_days, voting_days, secret_ballots):
    """Set the rules of the votes on applications (open votes keep theirs)."""
    found = run_service(lambda: rules.set_rules(
        membership_rules(), quorum=quorum, threshold=threshold, discussion_days=discussion_days,
        voting_days=voting_days, secret_ballots=secret_ballots))
    click.echo(f"membership: quorum {found.quorum:g}, threshold {found.threshold:g}, "
               f"discussion {found.discussion_days:g} d, voting {found.voting_days:g} d, "
               f"{'secret' if found.secret_ballots else 'public'} ballots.")


commands = [set_membership_rules]
