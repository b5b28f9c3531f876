"""The app walked as people walk it (issue 21): every link from the home page, as a visitor and as
each role, over the demo as seeded and after what the journeys change (a membership vote closed,
an amendment merged, a comment resolved); none answers 5xx. And every amendment's edit form,
opened by its author, answers (editing always answered 500 with 1,890 tests green).

In-process (Flask's test client, no browser), sampling pages that differ only by their data
(tests/support/crawl.py): one role's crawl is a few seconds. Every role walks on SQLite; on
PostgreSQL, where the pages are the same templates over the same queries, the visitor and the
facilitator (who sees the most pages) walk, and every edit form is opened.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import policy
from app.amendments.models import Amendment
from app.comments import services as comment_services
from app.comments.models import Comment
from app.db_types import utcnow
from app.demo.seed import DEMO_PASSWORD, seed
from app.extensions import db
from app.applications.models import Application
from app.members.models import Person
from app.votes.closing import close_due_votes
from app.applications.voting import open_membership_vote
from app.votes.models import Vote
from app.votes.services import cast_ballot
from tests.support.crawl import crawl
from tests.support.forms import login

ROLES = {
    "visitor": None,
    "member": "bastien@la-clede.example",
    "delegate (in English)": "sofie@nuage-commun.example",
    "facilitator": "camille@chls.example",
    "candidate": "awa@ker-libre.example",
}


@pytest.fixture
def demo(app):
    seed(now=utcnow(), log=lambda _message: None)
    db.session.commit()
    return Clients(app)


class Clients:
    """One logged-in test client per person (logging in costs a password hash: once is enough)."""

    def __init__(self, app):
        self.app, self.by_email = app, {}

    def of(self, email: str | None):
        if email not in self.by_email:
            self.by_email[email] = self.app.test_client()
            if email:
                login(self.by_email[email], email, DEMO_PASSWORD)
        return self.by_email[email]


def assert_nothing_broken(clients: Clients, when: str) -> None:
    broken, fetched = {}, {}
    roles = ROLES if db.engine.dialect.name == "sqlite" else {r: ROLES[r] for r in ("visitor", "facilitator")}
    for role, email in roles.items():
        seen = crawl(clients.app, clients.of(email))
        fetched[role] = len(seen.statuses)
        broken.update({f"{role}: {url}": what for url, what in seen.broken.items()})
    assert not broken, f"{when}: pages answering 5xx: {broken}"
    assert min(fetched.values()) > 20, fetched  # the crawl did walk the app


def assert_every_edit_form_opens(clients: Clients) -> None:
    """Each amendment's author opens its edit form: the form when they may edit, a refusal when not."""
    answers = {}
    for amendment in db.session.scalars(select(Amendment)).all():
        author = amendment.author
        may_edit = policy.can_edit_amendment(author, amendment)
        status = clients.of(author.email).get(f"/amendments/{amendment.id}/edit").status_code
        if status != (200 if may_edit else 403):
            answers[amendment.id] = (amendment.status, status)
    assert not answers, f"edit forms answering wrong (status of the amendment, answer): {answers}"


def vote_on_the_application() -> None:
    """The facilitator opens the vote on the demo's application, and two delegates vote for it."""
    application = db.session.scalars(select(Application).where(Application.status == "pending")).first()
    facilitator = db.session.scalar(select(Person).where(Person.email == ROLES["facilitator"]))
    vote = open_membership_vote(application, by=facilitator, now=utcnow())
    for email in ("mathilde@la-clede.example", ROLES["delegate (in English)"]):
        delegate = db.session.scalar(select(Person).where(Person.email == email))
        cast_ballot(vote, by=delegate, choice="for", justification="", now=utcnow())
    db.session.commit()


def close_every_open_vote() -> None:
    """The deadlines pass: the membership vote closes, and the amendment vote too (merged when accepted)."""
    votes = db.session.scalars(select(Vote).where(Vote.status == "open")).all()
    assert {"application", "amendment"} <= {v.subject_kind for v in votes}
    close_due_votes(max(v.closes_at for v in votes) + timedelta(seconds=1))
    db.session.commit()


def resolve_a_thread() -> None:
    thread = db.session.scalars(select(Comment).where(Comment.parent_id.is_(None), Comment.status == "open",
                                                      Comment.document_id.is_not(None))).first()
    comment_services.set_thread_status(thread, "resolved")
    db.session.commit()


def test_the_demo_as_seeded(demo):
    assert_nothing_broken(demo, "as seeded")
    assert_every_edit_form_opens(demo)


def test_after_the_votes_close_and_a_thread_is_resolved(demo):
    """What the journeys change: the membership vote closed (the candidate is a member), the amendment
    vote closed and merged into a new version (others go to "needs update"), a thread resolved."""
    vote_on_the_application()
    close_every_open_vote()
    assert db.session.scalar(select(Amendment).where(Amendment.status == "accepted")) is not None
    resolve_a_thread()
    assert_nothing_broken(demo, "after the votes closed and a thread was resolved")
    assert_every_edit_form_opens(demo)
