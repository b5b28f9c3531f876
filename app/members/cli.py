"""flask commands for membership: the rules of membership votes."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import run_service
from app.applications.services import membership_rules
from app.votes import rules
from app.votes.cli import describe_rules, rules_options


@click.command("set-membership-rules")
@rules_options
@with_appcontext
def set_membership_rules(quorum, threshold, discussion_days, voting_days, secret_ballots):
    """Set the rules of the votes on applications (open votes keep theirs)."""
    found = run_service(lambda: rules.set_rules(
        membership_rules(for_update=True), quorum=quorum, threshold=threshold, discussion_days=discussion_days,
        voting_days=voting_days, secret_ballots=secret_ballots))
    click.echo(describe_rules("membership", found))


commands = [set_membership_rules]
