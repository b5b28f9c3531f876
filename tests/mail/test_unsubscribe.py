"""The signed one-click link of every notice mail: it stops that kind of e-mail for that person, no log-in."""
from __future__ import annotations

from app.db_types import utcnow
from app.extensions import db
from app.mail import services as mail_services
from app.mail.models import OutboxMail
from app.mail.unsubscribe import token_for


def stop_path(person, choice: str) -> str:
    return f"/mail/stop/{token_for(person.id, choice)}"


def test_the_link_of_a_mail_asks_then_stops_that_kind_only(app, client, people):
    person = people["member_a"]
    mail_services.set_preferences(person, enabled=["reply", "followed", "vote_opened"], digest=True)
    db.session.commit()
    row = mail_services.queue_for(person, kind="reply", params={"name": "Bob"}, url="/amendments/3", now=utcnow())
    db.session.commit()
    path = stop_path(person, "reply")
    assert path in row.text_body
    asked = client.get(path)  # a link preview or a mail scanner must not unsubscribe anyone
    assert asked.status_code == 200 and "Arrêter ces e-mails" in asked.get_data(as_text=True)
    db.session.expire_all()
    assert "reply" not in mail_services.preference_of(person).disabled
    done = client.post(path)
    assert done.status_code == 200 and "quelqu’un répond à mon commentaire" in done.get_data(as_text=True)
    db.session.expire_all()
    preference = mail_services.preference_of(person)
    assert preference.disabled == {"reply", "vote_closing", "amendment_outcome"} and preference.digest is True
    assert mail_services.queue_for(person, kind="reply", params={"name": "Bob"}, url="/", now=utcnow()) is None


def test_the_one_click_post_of_a_mail_client_needs_no_session_nor_form_token(app, client, people):
    person = people["delegate_b"]
    answer = client.post(stop_path(person, "vote_opened"), data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    db.session.expire_all()
    assert mail_services.preference_of(person).disabled == {"vote_opened"}


def test_a_link_not_signed_by_us_is_a_404_with_a_sentence_and_changes_nothing(app, client, people):
    forged = stop_path(people["member_a"], "reply")[:-3] + "xyz"
    for path in (forged, "/mail/stop/nonsense", f"/mail/stop/{token_for(people['member_a'].id, 'no_such_choice')}",
                 f"/mail/stop/{token_for(999999, 'reply')}"):
        answer = client.post(path)
        assert answer.status_code == 404 and "compte" in answer.get_data(as_text=True), path
    db.session.expire_all()
    assert mail_services.preference_of(people["member_a"]).disabled == set()
    assert db.session.query(OutboxMail).count() == 0
