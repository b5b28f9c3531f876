"""E-mail notifications: queued by the events, sent after the request, retried by cron, as each person chose."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.comments import services as comments
from app.comments.notify import tell_about_reply
from app.db_types import utcnow
from app.extensions import db
from app.mail import services as mail_services
from app.mail.models import OutboxMail
from app.votes import services as votes
from tests.support.applications import confirmed
from tests.support.forms import post_form


def outbox(app) -> list:
    return getattr(app.extensions["mailman"], "outbox", [])


def to(app, person) -> list:
    return [message for message in outbox(app) if message.to == [person.email]]


def rows(**where) -> list[OutboxMail]:
    query = select(OutboxMail).order_by(OutboxMail.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMail, name) == value)
    db.session.expire_all()
    return list(db.session.scalars(query))


def served(response):
    """Close the response as a WSGI server does once the body is sent: the request's mail goes then."""
    db.session.rollback()  # the test's own transaction must not hold SQLite's write lock meanwhile
    response.make_sequence()
    response.close()
    db.session.rollback()
    return response


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the SMTP server is down")


def test_opening_a_vote_mails_the_delegates_after_the_request(app, client, amendment, login_as, people):
    login_as("facilitator")
    url = f"/amendments/{amendment.id}"
    response = post_form(client, f"{url}/vote/open", {"closes_at": ""}, token_from=url)
    assert response.status_code == 302
    assert rows(sent_at=None) != []  # queued with the request's commit, not sent inside it
    served(response)
    for role in ("delegate_a", "delegate_a2", "delegate_b"):
        [message] = to(app, people[role])
        assert "Vendre" in message.subject
        assert f"http://localhost/amendments/{amendment.id}#vote" in message.body
    # The author is no delegate: told as a follower of what they wrote; the candidate is told nothing.
    [followed] = to(app, people["member_a"])
    assert "Vote ouvert sur" in followed.subject and to(app, people["candidate"]) == []
    assert all(row.sent_at is not None and row.attempts == 1 for row in rows(kind="vote_opened"))


def test_mail_is_in_the_language_of_its_reader(app, client, amendment, login_as, people):
    people["delegate_a"].language = "en"
    db.session.commit()
    login_as("facilitator")
    url = f"/amendments/{amendment.id}"
    served(post_form(client, f"{url}/vote/open", {"closes_at": ""}, token_from=url))
    assert to(app, people["delegate_a"])[0].subject == "Vote open: Vendre"
    assert to(app, people["delegate_b"])[0].subject == "Vote ouvert : Vendre"


def test_a_reply_and_an_amendment_outcome_are_mailed_by_send_pending_mail(app, runner, amendment, people):
    thread = comments.comment_on_amendment(amendment, author=people["delegate_b"], body="Pourquoi ?", now=utcnow())
    reply = comments.comment_on_amendment(amendment, author=people["member_a"], body="Parce que.", now=utcnow(),
                                          parent=thread)
    tell_about_reply(thread, reply, url=f"/amendments/{amendment.id}#comment-{reply.id}")
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    votes.cast_ballot(vote, by=people["delegate_b"], choice="against", justification="", now=utcnow() - timedelta(days=7))
    votes.close_vote(vote, now=utcnow())
    db.session.commit()
    result = runner.invoke(args=["send-pending-mail"])
    assert result.exit_code == 0, result.output
    # delegate_b also follows the amendment now (they commented on it): the reply is one of their mails.
    [reply_mail] = [mail for mail in to(app, people["delegate_b"]) if "Member" in mail.subject]
    assert f"#comment-{reply.id}" in reply_mail.body
    outcome = [m for m in to(app, people["member_a"]) if "Vendre" in m.subject and "rejet" in m.body]
    assert len(outcome) == 1 and "rejet" in outcome[0].body
    assert rows(sent_at=None) == []


def test_preferences_turn_a_kind_off(app, client, amendment, login_as, people):
    login_as("delegate_b")
    assert post_form(client, "/account/mail", {"mail-vote_opened": "", "mail-reply": "y",
                                                "mail-amendment_outcome": "y", "mail-vote_closing": "y"},
                     token_from="/account").status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'checked id="mail-reply"' in page and 'checked id="mail-vote_opened"' not in page
    votes.open_vote(amendment, by=people["facilitator"], now=utcnow())  # the service tells the delegates
    db.session.commit()
    assert rows(person_id=people["delegate_b"].id) == []
    assert len(rows(person_id=people["delegate_a"].id)) == 1


def test_a_digest_gathers_the_held_mails_once_a_day(app, runner, amendment, people):
    mail_services.set_preferences(people["delegate_b"], enabled=["vote_opened", "reply"], digest=True)
    from app.votes.notify import tell_delegates_vote_opened

    tell_delegates_vote_opened(amendment, url="/one", now=utcnow())
    tell_delegates_vote_opened(amendment, url="/two", now=utcnow())
    db.session.commit()
    held = rows(person_id=people["delegate_b"].id)
    assert len(held) == 2 and all(row.digest and row.sent_at is None for row in held)
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    [digest] = to(app, people["delegate_b"])
    assert "http://localhost:5000/one" in digest.body and "http://localhost:5000/two" in digest.body
    tell_delegates_vote_opened(amendment, url="/three", now=utcnow())
    db.session.commit()
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    assert len(to(app, people["delegate_b"])) == 1  # the next digest waits for tomorrow
    assert runner.invoke(args=["send-pending-mail", "--force-digests"]).exit_code == 0
    assert "/three" in to(app, people["delegate_b"])[-1].body


def test_a_failing_mail_server_does_not_break_the_request_and_cron_retries(app, client, amendment, login_as, people):
    app.extensions["mailman"].backend = FailingBackend
    login_as("facilitator")
    url = f"/amendments/{amendment.id}"
    response = served(post_form(client, f"{url}/vote/open", {"closes_at": ""}, token_from=url))
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    waiting = rows(kind="vote_opened")
    assert len(waiting) == 3 and all(r.sent_at is None and r.attempts == 1 and "down" in r.last_error for r in waiting)
    # With them, the author's: they follow their amendment and hear that a vote opened on it.
    assert [r.kind for r in rows(sent_at=None)] == ["vote_opened"] * 3 + ["followed"]
    app.extensions["mailman"].backend = "locmem"
    result = app.test_cli_runner().invoke(args=["send-pending-mail"])
    assert "4 e-mail(s) sent" in result.output
    assert all(r.sent_at is not None and r.last_error is None for r in rows(kind="vote_opened"))
    assert len(to(app, people["delegate_b"])) == 1


def test_the_reminder_of_a_vote_closing_within_a_day_goes_once(app, runner, amendment, people):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=6, hours=12),
                           closes_at=utcnow() + timedelta(hours=12))
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    assert "1 reminder(s)" in runner.invoke(args=["send-pending-mail"]).output
    assert runner.invoke(args=["close-due-votes"]).exit_code == 0
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    reminders = [m for m in outbox(app) if "bientôt" in m.subject]
    assert [m.to for m in reminders] == [[people["delegate_b"].email]]
    assert "pas encore" in reminders[0].body


def test_no_reminder_for_a_vote_closing_later(app, runner, amendment, people):
    votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=1))
    db.session.commit()
    assert "0 reminder(s)" in runner.invoke(args=["send-pending-mail"]).output


def test_a_membership_vote_opened_is_mailed_to_the_delegates(app, runner, people):
    from app.applications import services as applications
    from app.applications import voting as membership

    application = applications.submit_application(
        name="Coin", website=None, city=None, description="", services=[], motivation="", contact_name="Awa",
        contact_email="awa@coin.example", password="un mot de passe", has_read_charter=True,
        now=utcnow() - timedelta(days=10))
    confirmed(application, now=utcnow())
    membership.open_membership_vote(application, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    [message] = to(app, people["delegate_b"])
    assert message.subject == "Vote d’adhésion ouvert : Coin" and f"/applications/{application.id}#vote" in message.body


def test_an_invitation_is_mailed(app, client, login_as, people):
    login_as("facilitator")
    response = served(post_form(client, "/invite", {"email": "new@a.example", "organisation": people["org_a"].id}))
    assert response.status_code == 200
    [message] = [m for m in outbox(app) if m.to == ["new@a.example"]]
    assert "Organisation A" in message.subject and "/invitations/" in message.body


def test_the_cli_invitation_is_mailed_too(app, runner, people):
    result = runner.invoke(args=["invite", "cli@a.example", "--organisation", "org-a"])
    assert result.exit_code == 0, result.output
    [message] = [m for m in outbox(app) if m.to == ["cli@a.example"]]
    assert result.output.strip() in message.body


def test_user_text_cannot_inject_headers(app, runner, amendment, people):
    people["member_a"].name = "Eve\r\nBcc: victim@example.org"
    thread = comments.comment_on_amendment(amendment, author=people["delegate_b"], body="?", now=utcnow())
    reply = comments.comment_on_amendment(amendment, author=people["member_a"], body="!", now=utcnow(), parent=thread)
    tell_about_reply(thread, reply, url="/r")
    db.session.commit()
    # The reply to delegate_b, and the new comment to the amendment's author, who follows it.
    assert "2 e-mail(s) sent" in runner.invoke(args=["send-pending-mail"]).output
    [message] = to(app, people["delegate_b"])
    assert "\n" not in message.subject and message.bcc == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))) == 0


def test_the_account_page_offers_the_choices_in_both_languages(client, login_as):
    login_as("member_a")
    page = client.get("/account").get_data(as_text=True)
    assert "Envoyez-moi un e-mail quand" in page and "Un résumé par jour" in page
    post_form(client, "/language", {"language": "en", "next": "/account"}, token_from="/account")
    assert "Send me an e-mail when" in client.get("/account").get_data(as_text=True)


def test_the_author_hears_of_adoption_and_of_a_needed_update(app, runner, amendment, people):
    from app.amendments import lifecycle
    from tests.amendments.conftest import adopt

    lifecycle.move(amendment, "needs_update", by=None, now=utcnow(), note="Le texte a changé.")
    lifecycle.move(amendment, "discussion", by=people["member_a"], now=utcnow())
    adopt(amendment)
    db.session.commit()
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    bodies = [m.body for m in to(app, people["member_a"])]
    assert len(bodies) == 2  # not for moving it back to discussion themselves
    assert "à mettre à jour" in bodies[0] and "adopté" in bodies[1]
