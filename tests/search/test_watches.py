"""Following a text, a clause or an amendment: one notification per event per person, none after unfollowing."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.amendments import services as amendment_services
from app.comments import services as comment_services
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.documents.queries import get_version
from app.documents.services import create_document, create_version
from app.extensions import db
from app.mail.models import OutboxMail
from app.notifications.models import Notification
from app.notifications.services import message_of
from app.votes import services as votes
from app.watches import services
from tests.amendments.conftest import CHARTER, adopt, amended, charter  # noqa: F401  (fixture)
from tests.support.applications import confirmed
from tests.support.forms import login, post_form

PASSWORD = "correct horse"


def clause_with(document, text: str, number: int = 1) -> str:
    return next(c.clause_id for c in clauses_of(document.id, number) if text in c.source)


def followed_news(person) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person.id,
                                                              Notification.kind == "followed")))


def propose(charter, author, old="Ne jamais revendre", new="Ne jamais louer ni revendre", **fields):  # noqa: F811
    return amendment_services.create_amendment(
        charter, author=author, title=fields.pop("title", "Louer"), rationale="Précision.",
        markdown=amended(CHARTER, old, new), base_number=1, now=utcnow(), **fields)


def test_one_notification_per_event_whatever_the_follow_paths(charter, people):  # noqa: F811
    follower = people["delegate_b"]
    clause = clause_with(charter, "revendre")
    services.follow(follower, services.target_of(charter), now=utcnow())
    services.follow(follower, services.target_of(charter, clause_id=clause), now=utcnow())
    propose(charter, people["member_a"])
    db.session.commit()
    news = followed_news(follower)
    assert len(news) == 1 and json.loads(news[0].params_json)["event"] == "new_amendment"
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.person_id == follower.id,
                                                      OutboxMail.kind == "followed")) is not None
    assert followed_news(people["member_a"]) == []  # its author caused it


def test_a_clause_follow_holds_in_later_versions_and_stops_when_unfollowed(charter, people):  # noqa: F811
    follower = people["delegate_b"]
    clause = clause_with(charter, "revendre")
    services.follow(follower, services.target_of(charter, clause_id=clause), now=utcnow())
    create_version(charter, amended(CHARTER, "Publier", "Afficher"), author=None, now=utcnow(), summary="v2")
    db.session.commit()
    assert clause_with(charter, "revendre", 2) == clause
    comment_services.comment_on_version(get_version(charter, 2), author=people["member_a"], body="Et louer ?",
                                        now=utcnow(), clause_id=clause)
    db.session.commit()
    assert len(followed_news(follower)) == 1
    other = clause_with(charter, "Afficher", 2)
    comment_services.comment_on_version(get_version(charter, 2), author=people["member_a"], body="Autre clause.",
                                        now=utcnow(), clause_id=other)
    db.session.commit()
    assert len(followed_news(follower)) == 1  # not a clause they follow
    services.unfollow(follower, services.target_of(charter, clause_id=clause))
    comment_services.comment_on_version(get_version(charter, 2), author=people["member_a"], body="Encore.",
                                        now=utcnow(), clause_id=clause)
    db.session.commit()
    assert len(followed_news(follower)) == 1


def test_authors_follow_what_they_wrote_and_hear_of_the_outcome_once(charter, people):  # noqa: F811
    amendment = propose(charter, people["member_a"])
    db.session.commit()
    assert services.is_following(people["member_a"], services.target_of(charter, amendment=amendment))
    comment_services.comment_on_amendment(amendment, author=people["delegate_b"], body="Pour.", now=utcnow())
    db.session.commit()
    assert [json.loads(n.params_json)["event"] for n in followed_news(people["member_a"])] == ["new_comment"]
    adopt(amendment)
    db.session.commit()
    # The commenter follows it now and hears of the outcome; the author hears it once, as "your amendment".
    assert [json.loads(n.params_json)["event"] for n in followed_news(people["delegate_b"])] == ["outcome"]
    assert len(followed_news(people["member_a"])) == 1


def test_a_reply_is_told_once_to_a_thread_participant_who_also_follows(charter, people):  # noqa: F811
    clause = clause_with(charter, "revendre")
    thread = comment_services.comment_on_version(get_version(charter, 1), author=people["delegate_b"], body="?",
                                                 now=utcnow(), clause_id=clause)
    comment_services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="!", now=utcnow(),
                                        parent=thread)
    db.session.commit()
    assert followed_news(people["delegate_b"]) == []  # told by the "reply" notification (comments/notify.py)


def test_notifications_are_in_the_readers_language(app, charter, people):  # noqa: F811
    follower = people["delegate_b"]
    follower.language = "en"
    services.follow(follower, services.target_of(charter), now=utcnow())
    propose(charter, people["member_a"])
    db.session.commit()
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.person_id == follower.id))
    assert mail.subject.startswith("New amendment: Louer")
    assert "because you follow" in mail.text_body
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert "Un nouvel amendement" in message_of(followed_news(follower)[0])


def test_the_api(client, charter, people):  # noqa: F811
    token = client.post("/api/v1/tokens", json={"email": people["delegate_b"].email, "password": PASSWORD}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    clause = clause_with(charter, "revendre")
    assert client.put("/api/v1/watches", json={"document": "charte", "clause": clause}, headers=headers).status_code == 200
    assert client.put("/api/v1/watches", json={"document": "charte", "clause": clause}, headers=headers).status_code == 200
    items = client.get("/api/v1/watches", headers=headers).get_json()["items"]
    assert [(i["kind"], i["document"], i["clause"]) for i in items] == [("clause", "charte", clause)]
    assert client.put("/api/v1/watches", json={"document": "charte", "clause": "nope"}, headers=headers).status_code == 404
    assert client.put("/api/v1/watches", json={}, headers=headers).status_code == 422
    assert client.put("/api/v1/watches", json={"amendment": "x"}, headers=headers).status_code == 422
    assert client.put("/api/v1/watches", json={"document": "charte"}).status_code == 401
    assert client.delete("/api/v1/watches", json={"document": "charte", "clause": clause},
                         headers=headers).status_code == 200
    assert client.get("/api/v1/watches", headers=headers).get_json()["total"] == 0


def test_the_buttons(client, charter, people):  # noqa: F811
    login(client, people["delegate_b"].email, PASSWORD)
    clause = clause_with(charter, "revendre")
    page = client.get(f"/documents/charte/clauses/{clause}").get_data(as_text=True)
    assert "Suivre cette clause" in page or "Follow this clause" in page
    answer = post_form(client, "/follow", {"document": "charte", "clause": clause,
                                           "next": f"/documents/charte/clauses/{clause}"},
                       token_from=f"/documents/charte/clauses/{clause}")
    assert answer.status_code == 302
    assert services.is_following(people["delegate_b"], services.target_of(charter, clause_id=clause))


def test_followers_hear_a_vote_open_unless_their_organisation_votes_in_it(charter, people):  # noqa: F811
    amendment = propose(charter, people["member_a"])
    amendment.created_at = amendment.status_changed_at = utcnow() - timedelta(days=30)  # discussed long enough
    services.follow(people["delegate_b"], services.target_of(charter), now=utcnow())
    db.session.commit()
    votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    # The author follows what they wrote: told "a vote is open on what you follow".
    assert [json.loads(n.params_json)["event"] for n in followed_news(people["member_a"])] == ["vote_opened"]
    assert f"/amendments/{amendment.id}#vote" == followed_news(people["member_a"])[0].url
    # A delegate of the electorate was told as a delegate ("your organisation can cast its ballot"): not twice.
    assert followed_news(people["delegate_b"]) == []


def test_followers_of_the_text_hear_of_a_new_version_and_of_a_clause_when_no_amendment_made_it(
        app, charter, people):  # noqa: F811
    text_follower, clause_follower, other = people["delegate_b"], people["member_a"], people["delegate_a"]
    services.follow(text_follower, services.target_of(charter), now=utcnow())
    services.follow(clause_follower, services.target_of(charter, clause_id=clause_with(charter, "Publier")),
                    now=utcnow())
    services.follow(other, services.target_of(charter, clause_id=clause_with(charter, "revendre")), now=utcnow())
    create_version(charter, amended(CHARTER, "Publier", "Afficher"), author=people["facilitator"], now=utcnow(),
                   summary="v2")
    db.session.commit()
    for follower in (text_follower, clause_follower):
        [news] = followed_news(follower)
        assert json.loads(news.params_json) == {"event": "new_version", "title": charter.title, "number": 2}
    assert followed_news(other) == []  # that clause did not change
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert message_of(followed_news(text_follower)[0]) == (
            f"Version 2 of “{charter.title}”, which you follow, is out.")


def apply_as_coin(days_ago: int = 10):
    from datetime import timedelta

    from app.applications import services as applications

    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
        contact_email="awa@coin.example", password="un mot de passe", has_read_charter=True,
        now=utcnow() - timedelta(days=days_ago))
    return confirmed(application, now=utcnow())


def test_an_application_is_followed_by_its_contact_and_its_followers_hear_its_comments_vote_and_outcome(
        app, charter, people):  # noqa: F811
    from app.applications import voting as membership

    application = apply_as_coin()
    contact, member = application.contact, people["member_a"]
    assert services.is_following(contact, services.target_of_application(application))
    services.follow(member, services.target_of_application(application), now=utcnow())
    comment_services.comment_on_application(application, author=people["delegate_b"], body="Bienvenue ?",
                                            now=utcnow())
    db.session.commit()
    events = lambda person: [json.loads(n.params_json)["event"] for n in followed_news(person)]  # noqa: E731
    assert events(contact) == events(member) == ["new_comment"]
    vote = membership.open_membership_vote(application, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert events(contact) == events(member) == ["new_comment", "vote_opened"]
    for role in ("delegate_a", "delegate_b"):
        votes.cast_ballot(vote, by=people[role], choice="for", justification="", now=utcnow())
    votes.close_now(vote, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert events(member) == ["new_comment", "vote_opened", "application_outcome"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert message_of(followed_news(member)[-1]).startswith("The application of Coin, which you follow, is now:")
    # The commenter is a delegate of the electorate: told of the vote as a delegate, of the outcome as a follower.
    assert events(people["delegate_b"]) == ["application_outcome"]


def test_following_an_application_from_its_page_and_the_api(client, charter, people):  # noqa: F811
    application = apply_as_coin()
    login(client, people["member_a"].email, PASSWORD)
    url = f"/applications/{application.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Suivre cette candidature" in page
    assert post_form(client, "/follow", {"application": str(application.id), "next": url}, token_from=url
                     ).status_code == 302
    assert "Suivi — arrêter" in client.get(url).get_data(as_text=True)
    assert "La candidature de Coin" in client.get("/me").get_data(as_text=True)
    token = client.post("/api/v1/tokens", json={"email": people["delegate_b"].email, "password": PASSWORD}
                        ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.put("/api/v1/watches", json={"application": application.id}, headers=headers)
    assert answer.status_code == 200 and answer.get_json()["kind"] == "application"
    assert answer.get_json()["url"].endswith(url) and answer.get_json()["document"] is None
    listed = client.get("/api/v1/watches", headers=headers).get_json()["items"]
    assert [item["application"] for item in listed] == [application.id]
    for unknown in (999999, 99999999999):
        assert client.put("/api/v1/watches", json={"application": unknown}, headers=headers).status_code == 404
    assert client.put("/api/v1/watches", json={"application": "x"}, headers=headers).status_code == 422
    assert client.delete("/api/v1/watches", json={"application": application.id}, headers=headers
                         ).get_json() == {"following": False}


def test_a_version_rewriting_a_thousand_clauses_tells_the_follower_of_one_of_them(app, people):
    """Every changed clause is a follow path: they are asked in a few IN lists, not one comparison each
    (SQLite refused the deeper expression of a rewrite of about 550 clauses)."""
    long_text = "\n\n".join(f"Alinéa numéro {n} du long texte." for n in range(1200)) + "\n"
    document = create_document("long", "Long texte", long_text, author=None, now=utcnow(), summary="v1")
    db.session.commit()
    follower = people["delegate_b"]
    followed = clause_with(document, "Alinéa numéro 1100 du")
    services.follow(follower, services.target_of(document, clause_id=followed), now=utcnow())
    db.session.commit()
    rewritten = long_text.replace(" du long texte.", " du long texte, relu.")
    create_version(document, rewritten, author=people["member_a"], now=utcnow(), summary="v2")
    db.session.commit()
    assert clause_with(document, "Alinéa numéro 1100 du", 2) == followed
    assert len(followed_news(follower)) == 1
    changed = [clause.clause_id for clause in clauses_of(document.id, 2)]
    assert services.followers(document_id=document.id, clause_ids=changed) == [follower]
