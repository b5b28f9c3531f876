"""During a vote: who has not voted yet, and the facilitator's "remind them" (issue 21)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.notifications.models import Notification
from app.votes import services
from tests.support.forms import post_form
from tests.votes.conftest import amendment  # noqa: F401  (fixture)


def test_an_open_vote_lists_who_has_not_voted_even_when_secret(client, amendment, people):  # noqa: F811
    amendment.document.secret_ballots = True
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert "Pas encore voté (1 organisation) :</strong>\n        Organisation B" in page
    assert "Remind them" not in page and "Les relancer" not in page  # a visitor cannot remind


def test_the_facilitator_reminds_late_delegates_once_per_interval_in_their_language(client, amendment, people,  # noqa: F811
                                                                                  login_as):
    people["delegate_b"].language = "en"
    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    login_as("facilitator")
    assert "Les relancer" in client.get(url).get_data(as_text=True)
    response = post_form(client, f"{url}/vote/remind", {}, token_from=url)
    assert response.status_code == 302
    told = db.session.scalars(select(Notification).where(Notification.kind == "vote_reminded")).all()
    assert [n.person_id for n in told] == [people["delegate_b"].id]  # organisation A has voted
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "vote_reminded")).one()
    assert mail.to_address == "delegate@b.example" and mail.subject.startswith("Reminder:")  # in English
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "vote.reminded")).one()
    assert "Organisation B" in entry.detail_json
    page = client.get(url).get_data(as_text=True)
    assert "la prochaine relance sera possible" in page and "Les relancer" not in page
    # Again at once: refused, said, nothing sent twice.
    again = post_form(client, f"{url}/vote/remind", {}, token_from=url)
    assert again.status_code == 302
    assert db.session.query(Notification).filter_by(kind="vote_reminded").count() == 1
    assert "moins de 12 heures" in client.get(url).get_data(as_text=True)


def test_only_a_facilitator_reminds_and_only_while_open(client, amendment, people, login_as):  # noqa: F811
    from app.errors import Conflict
    from app.votes.reminders import remind_late_voters

    vote = services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    login_as("delegate_a")
    assert post_form(client, f"{url}/vote/remind", {}, token_from=url).status_code == 403
    late = utcnow() + timedelta(days=400)
    try:
        remind_late_voters(vote, by=people["facilitator"], now=late)
    except Conflict as refusal:
        assert refusal.code == "vote_closed"
    else:
        raise AssertionError("a reminder after the deadline must be refused")
