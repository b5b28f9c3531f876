"""The reader's organisation's part of a vote section: the reader's own part of a page kept for many readers.

Its ballot and form, the proxy it gave, the ballots it casts by proxy: that is what differs on a
subject's page from one delegate to another (and nothing at all for a reader who may not cast a
ballot). It is a hole of the page (`own()`, app/caching/shells.py): the page around it — the
amendment, its changes, the vote's record, the discussion — is kept once for every reader of a
permission class, and this part is built for its reader (three queries, the forms) and kept for
them until the generation moves (a ballot, a proxy, a vote closing: all writes). A ballot sent back
with its mistakes is not a hole: it is built for its request (app/votes/panel.py: `fill`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

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


@own_part("organisation ballot")
def organisation_ballot(kind: str, subject_id: int, vote_id: int) -> str:
    """The ballot of the reader's organisation on the vote `vote_id` of a `kind` subject, its form and its
    proxies, for a reader who may cast it (else nothing)."""
    vote = db.session.get(Vote, vote_id)
    if vote is None or not policy.can_cast_ballot(current_user, vote):
        return ""
    panel = VotePanel(handler=kind_of(kind), subject=Subject(subject_id), vote=vote,
                      options=ranked.options_of(vote) if vote.method == "ranked" else [])
    fill_own(panel, current_user)
    return render_template("votes/_own.html", panel=panel, vote=vote)
