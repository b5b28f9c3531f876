"""Ballot receipts: given once to the delegate (and mailed), publicly listed while the ballot counts."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.auth import services as auth_services
from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.votes import services as votes
from app.votes.models import Vote
from app.votes.rules import set_rules

RECEIPT = re.compile(r"[0-9a-f]{4}(?:-[0-9a-f]{4}){7}")


def open_secret_vote(amendment, people) -> Vote:
    set_rules(amendment.document, secret_ballots=True)
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    return vote


def test_a_receipt_is_found_in_the_public_list_after_a_secret_vote(client, amendment, people):
    vote = open_secret_vote(amendment, people)
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "ballot_receipt"))
    first = RECEIPT.search(mail.text_body).group(0)
    assert mail.to_address == people["delegate_a"].email
    # The delegate changes the ballot: a new receipt, and only that one counts.
    votes.cast_ballot(vote, by=people["delegate_a2"], choice="against", justification="", now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    db.session.commit()
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "ballot_receipt")
                               .order_by(OutboxMail.id)).all()
    second, of_b = (RECEIPT.search(m.text_body).group(0) for m in mails[1:])
    stored = db.session.get(Vote, vote.id)
    votes.close_vote(stored, now=stored.closes_at + timedelta(seconds=1))
    db.session.commit()
    listed = [item["receipt"] for item in client.get(f"/api/v1/votes/{vote.id}/receipts").get_json()["items"]]
    assert sorted(listed) == sorted([second, of_b]) and first not in listed
    page = client.get(f"/votes/{vote.id}/receipts").get_data(as_text=True)
    assert second in page and of_b in page and first not in page
    assert "org-a" not in str(listed)  # neither who nor how


def test_the_receipt_is_shown_once_after_casting_on_the_page(client, amendment, people, login_as):
    vote = open_secret_vote(amendment, people)
    login_as("delegate_a")
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    shown = client.post(f"/amendments/{amendment.id}/vote/ballot", data={"choice": "for", "csrf_token": token},
                        follow_redirects=True).get_data(as_text=True)
    receipt = RECEIPT.search(shown).group(0)
    assert f"/votes/{vote.id}/receipts" in shown
    assert receipt not in client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert receipt in client.get(f"/votes/{vote.id}/receipts").get_data(as_text=True)


def test_the_api_gives_the_receipt_with_the_ballot(client, amendment, people):
    vote = open_secret_vote(amendment, people)
    secret = auth_services.issue_token(people["delegate_b"])
    db.session.commit()
    answer = client.put(f"/api/v1/amendments/{amendment.id}/ballot", json={"choice": "against"},
                        headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    receipt = answer.get_json()["receipt"]
    assert RECEIPT.fullmatch(receipt)
    assert client.get(f"/api/v1/votes/{vote.id}/receipts").get_json()["items"] == [{"receipt": receipt}]
    assert client.get("/api/v1/votes/999999/receipts").status_code == 404


def test_a_cancelled_vote_lists_no_receipt(client, amendment, people):
    vote = open_secret_vote(amendment, people)
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    votes.cancel_vote(vote, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert client.get(f"/api/v1/votes/{vote.id}/receipts").get_json()["items"] == []


def test_the_receipt_mail_goes_with_the_next_send_pending_mail(runner, amendment, people):
    vote = open_secret_vote(amendment, people)
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    assert runner.invoke(args=["send-pending-mail"]).exit_code == 0
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "ballot_receipt"))
    assert mail.sent_at is not None and not mail.digest
