"""How a vote stands — its tally, who has not voted yet, its electorate, its ballots — as pieces of a page.

That part of a vote's section is its public record: the same for every reader who may see the
same things (the tally of a secret vote only once it closes, its ballots only then), whoever
they are. In a congress it is 150 organisations and as many ballots, tens of milliseconds to
build; it is kept once per vote, language and what the reader may see (app/caching/pieces.py),
and built again only when the vote's row, its ballots or its electorate's names changed — not
at every write elsewhere. The reader's own ballot, proxies and forms stay in the page, built
per request (app/votes/panel.py).
"""
from __future__ import annotations

from flask import g, render_template
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.caching import pieces
from app.extensions import db
from app.members.models import Organisation, Person
from app.votes.models import Ballot, VoteElector, VoteProxy
from app.votes.panel import VotePanel, fill_record

VOTE_FIELDS = ("status", "closes_at", "closed_at", "outcome", "eligible_count", "count_for", "count_against",
               "count_abstain", "method", "result_json", "quorum", "threshold", "secret_ballots")


def standing_inputs(vote) -> tuple:
    """Everything the pieces show, in four light queries: the vote's row, its ballots with the names
    they print, its electorate's names (today's members for a vote older than electorates) and its proxies."""
    holder, giver = aliased(Organisation), aliased(Organisation)
    ballots = db.session.execute(
        select(Ballot.id, Ballot.choice, Ballot.ranking, Ballot.justification, Ballot.cast_at, Organisation.name,
               Person.name, holder.name)
        .join(Organisation, Organisation.id == Ballot.organisation_id).join(Person, Person.id == Ballot.cast_by_id)
        .outerjoin(holder, holder.id == Ballot.proxy_holder_id).where(Ballot.vote_id == vote.id)
        .order_by(Ballot.id)).all()
    electors = select(Organisation.id, Organisation.name, Organisation.status).order_by(Organisation.id)
    frozen = db.session.execute(electors.join(VoteElector, (VoteElector.organisation_id == Organisation.id)
                                              & (VoteElector.vote_id == vote.id))).all()
    electorate = frozen or db.session.execute(electors.where(Organisation.status == "member")).all()
    proxies = db.session.execute(
        select(VoteProxy.id, giver.name, VoteProxy.holder_id).join(giver, giver.id == VoteProxy.giver_id)
        .where(VoteProxy.vote_id == vote.id).order_by(VoteProxy.id)).all()
    return tuple(getattr(vote, name) for name in VOTE_FIELDS), ballots, electorate, proxies


def _piece(part: str, panel: VotePanel) -> Markup:
    vote = panel.vote
    key = ("vote", part, vote.id, str(get_locale()), panel.show_tally, panel.show_ballots)
    # A ranked vote's options (the amendments' titles) are printed too.
    return pieces.checked(key, lambda: _once(("inputs", vote.id), lambda: (standing_inputs(vote), repr(panel.options))),
                          lambda _found: _render(part, panel))


def _once(key: tuple, compute):
    """Computed once per request for both pieces of a vote (the standing and the ballots)."""
    memo = g.setdefault("vote_standing", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _render(part: str, panel: VotePanel) -> str:
    """The part of the record, built from a panel of its own: nothing of the reader's goes in."""
    record = _once(("record", panel.vote.id, panel.show_tally, panel.show_ballots), lambda: _record(panel))
    return render_template(f"votes/_{part}.html", panel=record, vote=record.vote)


def _record(panel: VotePanel) -> VotePanel:
    record = VotePanel(handler=panel.handler, subject=panel.subject, vote=panel.vote, show_tally=panel.show_tally,
                       show_ballots=panel.show_ballots, options=panel.options)
    fill_record(record)
    return record


def vote_standing(panel: VotePanel) -> Markup:
    """The tally, the organisations that have not voted yet and the electorate."""
    return _piece("standing", panel)


def vote_ballots(panel: VotePanel) -> Markup:
    """The ballots as cast (or that they are secret), the link to the receipts, who did not vote."""
    return _piece("ballots", panel)

