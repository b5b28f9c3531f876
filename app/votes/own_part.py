"""The reader's organisation's part of a vote section: the reader's own part of a page kept for many readers.

Its ballot and form, the proxy it gave, the ballots it casts by proxy: that is what differs on a
subject's page from one delegate to another (and nothing at all for a reader who may not cast a
ballot). It is a hole of the page (`own()`, app/caching/shells.py): the page around it — the
amendment, its changes, the vote's record, the discussion — is kept once for every reader of a
permission class.

Every delegate of one organisation sees the same part: its ballot, who cast it, its proxies. So it is
kept once per organisation (`alike`: `policy.ballot_organisation_id`), vote, language and generation (a
ballot, a proxy, a vote closing: all writes), each reader's CSRF token spliced in; a reader who may cast
no ballot (a member, a visitor's account, a deactivated delegate) shares the empty part, asked nothing.
Building it (the vote, its electorate's ids, the proxies, the ballots, the forms) is done once per
organisation and generation, not per delegate. A ballot sent back with its mistakes is not a hole: it is
built for its request (app/votes/panel.py: `fill`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import lazyload

from app import policy
from app.caching.shells import own_part
from app.extensions import db
from app.votes import ranked
from app.votes.models import Vote
from app.votes.panel import VotePanel, fill_own
from app.votes.subjects import kind_of


@dataclass(frozen=True)
class Subject:
    """What the forms of the part need of the subject: the address they post to (`VotePanel.url`)."""
    id: int


def organisation_of_reader(_kind: str, _subject_id: int, _vote_id: int) -> int | None:
    """What the part depends on of its reader: the organisation they cast ballots for (None: none)."""
    return policy.ballot_organisation_id(current_user)


@own_part("organisation ballot", alike=organisation_of_reader)
def organisation_ballot(kind: str, subject_id: int, vote_id: int) -> str:
    """The ballot of the reader's organisation on the vote `vote_id` of a `kind` subject, its form and its
    proxies, for a reader who may cast it (else nothing)."""
    if policy.ballot_organisation_id(current_user) is None:
        return ""  # no vote to load: the reader casts no ballot
    # Its electorate's ids alone (policy.in_electorate), not 150 objects.
    vote = db.session.get(Vote, vote_id, options=[lazyload(Vote.electors)])
    if vote is None:
        return ""
    panel = VotePanel(handler=kind_of(kind), subject=Subject(subject_id), vote=vote,
                      options=ranked.options_of(vote) if vote.method == "ranked" else [])
    fill_own(panel, current_user)  # asks policy.can_cast_ballot: no ballot form for a reader who may not
    return render_template("votes/_own.html", panel=panel, vote=vote) if panel.ballot_form is not None else ""
