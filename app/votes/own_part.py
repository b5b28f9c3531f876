"""The reader's organisation's part of a vote section, kept once per organisation as a piece of the page.

Its ballot and form, the proxy it gave, the ballots it casts by proxy: every delegate of an
organisation who may cast its ballot sees the same (the ballot is the organisation's, not the
person's), and building it — the forms, their fields, three queries — was a third of a
delegate's vote page in a congress. It is kept per vote, organisation and language
(app/caching/pieces.py), checked against what it shows (`own_inputs`) once the generation
moved; each reader's CSRF token is spliced in. A ballot sent back with its mistakes is not
kept: it is built for its request (app/votes/panel.py: `fill`).
"""
from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app import policy
from app.caching import pieces
from app.votes.panel import VotePanel, fill_own


def ballot_facts(ballot) -> tuple | None:
    """What a ballot's notice and form show."""
    if ballot is None:
        return None
    return ballot.choice, ballot.ranking, ballot.justification, ballot.cast_at, ballot.cast_by.name


def own_inputs(panel: VotePanel) -> tuple:
    """The panel filled with the organisation's own (its queries), and everything the part shows of it."""
    fill_own(panel, current_user)
    vote, proxy = panel.vote, panel.my_proxy
    return ((vote.status, vote.method, vote.proxies_per_holder), repr(panel.options),
            current_user.organisation.name, ballot_facts(panel.my_ballot),
            (proxy.holder_id, proxy.holder.name) if proxy else None,
            [(giver.slug, giver.name, ballot_facts(ballot)) for giver, ballot, _form in panel.proxy_ballots],
            panel.proxy_form.to.choices if panel.proxy_form else None)


def vote_own_part(panel: VotePanel) -> Markup:
    """The organisation's ballot, its form and its proxies, for a reader who may cast its ballot (else nothing)."""
    vote = panel.vote
    if not policy.can_cast_ballot(current_user, vote):
        return Markup("")
    key = ("vote own", vote.id, current_user.organisation_id, str(get_locale()))
    return pieces.checked(key, lambda: own_inputs(panel),
                          lambda _found: render_template("votes/_own.html", panel=panel, vote=vote))
