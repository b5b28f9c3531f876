"""Ratifying a whole version as the text in force (issue 14.6)."""
from __future__ import annotations

from datetime import timedelta

from app.amendments import services as amendments
from app.db_types import utcnow
from app.documents.queries import get_version
from app.extensions import db
from app.members import charter as charter_module
from app.votes import services as votes
from app.votes.models import Vote
from tests.amendments.conftest import CHARTER, adopt, amended, charter  # noqa: F401  (fixture)
from tests.support.forms import post_form


def test_a_ratified_version_is_the_one_organisations_sign(client, charter, people, login_as):  # noqa: F811
    assert charter_module.charter_version_in_force() == 1
    token = client.post("/api/v1/tokens", json={"email": people["facilitator"].email,
                                                "password": "correct horse"}).get_json()["token"]
    opened = client.post("/api/v1/documents/charte/versions/1/ratification",
                         headers={"Authorization": f"Bearer {token}"})
    assert opened.status_code == 201 and opened.get_json()["subject"]["kind"] == "version"
    vote = db.session.get(Vote, opened.get_json()["id"])
    refused = client.post("/api/v1/documents/charte/versions/1/ratification",
                          headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 409  # one open ratification per version
    url = "/documents/charte/versions/1/ratification"
    login_as("delegate_a")
    assert post_form(client, f"/versions/{vote.subject_id}/vote/ballot", {"choice": "for"},
                     token_from=url).status_code == 302
    votes.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    # Meanwhile an amendment is adopted: version 2 is the head, but version 1 is the one ratified.
    made = amendments.create_amendment(charter, author=people["member_a"], title="Vendre", rationale="r",
                                       markdown=amended(CHARTER, "revendre", "vendre"), base_number=1,
                                       now=utcnow())
    adopt(made)
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "badge--accepted" in page
    assert f'href="{url}#vote">Ratifier la version 1 de' in client.get("/votes").get_data(as_text=True)
    db.session.expire_all()
    assert charter.head_number == 2 and charter_module.charter_version_in_force() == 1
    assert "text in force" in client.get(f"/votes/{vote.id}/minutes.md?lang=en").get_data(as_text=True) or \
        "texte en vigueur" in client.get(f"/votes/{vote.id}/minutes.md").get_data(as_text=True)


def test_a_rejected_ratification_changes_nothing(app, charter, people):  # noqa: F811
    version = get_version(charter, 1)
    vote = votes.open_vote_on("version", version, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    votes.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="", now=utcnow() - timedelta(days=7))
    votes.close_vote(vote, now=utcnow())
    assert vote.outcome == "rejected" and charter_module.charter_version_in_force() == 1


def test_followers_of_the_text_hear_how_a_ratification_vote_ended(app, charter, people):  # noqa: F811
    import json

    from sqlalchemy import select

    from app.notifications.models import Notification
    from app.notifications.services import message_of
    from app.watches import services as watches

    follower = people["member_a"]
    watches.follow(follower, watches.target_of(charter), now=utcnow())
    vote = votes.open_vote_on("version", get_version(charter, 1), by=people["facilitator"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    votes.close_now(vote, by=people["facilitator"], now=utcnow())
    db.session.commit()
    news = list(db.session.scalars(select(Notification).where(Notification.person_id == follower.id,
                                                              Notification.kind == "followed")))
    assert [json.loads(n.params_json)["event"] for n in news] == ["vote_opened", "ratification_outcome"]
    assert message_of(news[-1]) == "Le vote de ratification de la version 1 de « Charte », que vous suivez, est clos : adopté."
    assert news[-1].url == "/documents/charte/versions/1/ratification"
