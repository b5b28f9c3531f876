"""Your page: the ballots your organisation has not cast, replies to you, news of what you follow, your drafts."""
from __future__ import annotations

from datetime import timedelta

from app.amendments import services as amendment_services
from app.comments import services as comment_services
from app.comments.notify import tell_about_reply
from app.db_types import utcnow
from app.extensions import db
from app.votes import services as vote_services
from app.watches import services as watch_services
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.support.forms import login


def test_what_waits_for_a_delegate(client, charter, people):  # noqa: F811
    delegate = people["delegate_b"]
    voted_on = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Louer aussi", rationale="Précision.",
        markdown=amended(CHARTER, "Ne jamais revendre", "Ne jamais louer ni revendre"), base_number=1,
        now=utcnow() - timedelta(days=10))
    vote_services.open_vote(voted_on, by=people["facilitator"], now=utcnow())
    watch_services.follow(delegate, watch_services.target_of(charter), now=utcnow())
    followed = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Publier clairement", rationale="Lisible.",
        markdown=amended(CHARTER, "Publier", "Publier clairement"), base_number=1, now=utcnow())
    thread = comment_services.comment_on_amendment(followed, author=delegate, body="Pourquoi ?", now=utcnow())
    reply = comment_services.comment_on_amendment(followed, author=people["member_a"], body="Parce que.",
                                                  now=utcnow(), parent=thread)
    tell_about_reply(thread, reply, url=f"/amendments/{followed.id}#comment-{reply.id}")
    amendment_services.create_amendment(
        charter, author=delegate, title="Mon brouillon", rationale="À finir.",
        markdown=amended(CHARTER, "Publier", "Afficher"), base_number=1, now=utcnow(), draft=True)
    db.session.commit()
    login(client, delegate.email)
    page = client.get("/me").get_data(as_text=True)
    assert "Louer aussi" in page and f"/amendments/{voted_on.id}#vote" in page
    assert "Publier clairement" in page  # news: a new amendment on the text they follow
    assert f"#comment-{reply.id}" in page  # the reply to them
    assert "Mon brouillon" in page
    home = client.get("/").get_data(as_text=True)
    assert f"/amendments/{voted_on.id}#vote" in home and "Mon brouillon" in home


def test_once_cast_the_ballot_no_longer_waits(client, charter, people):  # noqa: F811
    amendment = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Louer aussi", rationale="Précision.",
        markdown=amended(CHARTER, "Ne jamais revendre", "Ne jamais louer ni revendre"), base_number=1,
        now=utcnow() - timedelta(days=10))
    vote = vote_services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    vote_services.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    db.session.commit()
    login(client, people["delegate_b"].email)
    assert f"/amendments/{amendment.id}#vote" not in client.get("/me").get_data(as_text=True)


def test_a_visitor_is_sent_to_log_in(client):
    assert "/login" in client.get("/me").headers["Location"]
