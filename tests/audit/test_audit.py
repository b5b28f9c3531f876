"""The record of actions: written by every service, append-only, public or for facilitators."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from app.amendments import services as amendments
from app.audit.models import AppendOnly, AuditEntry
from app.comments import services as comments
from app.db_types import utcnow
from app.extensions import db
from app.members import services as members
from app.votes import rules, services as votes
from tests.amendments.conftest import CHARTER, amended as amend
from tests.support.forms import csrf_token


def kinds() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.kind).order_by(AuditEntry.id)))


def entry(kind: str) -> AuditEntry:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id.desc())).first()


def test_every_kind_of_action_is_recorded(app, amendment, people):
    assert entry("version.created").document_id == amendment.document_id
    created = entry("amendment.created")
    assert (created.actor_id, created.organisation_id, created.object_id) == (
        people["member_a"].id, people["org_a"].id, amendment.id)
    amendments.edit_amendment(amendment, by=people["member_a"], title="Vendre, jamais", rationale="Plus net.",
                              markdown=amend(CHARTER, "revendre", "vendre"), now=utcnow() - timedelta(days=19))
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    votes.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="", now=utcnow() - timedelta(days=7))
    votes.cast_ballot(vote, by=people["delegate_a2"], choice="for", justification="", now=utcnow() - timedelta(days=7))
    votes.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow() - timedelta(days=7))
    votes.close_vote(vote, now=utcnow())
    comment = comments.comment_on_amendment(amendment, author=people["member_a"], body="Bien.", now=utcnow())
    comments.edit_comment(comment, body="Très bien.", now=utcnow())
    comments.hide_comment(comment, by=people["facilitator"], reason="Hors sujet.", now=utcnow())
    members.update_person(people["member_a"], name="Member A", organisation=people["org_a"], is_delegate=True,
                          is_facilitator=False, is_active=True)
    members.update_organisation(people["candidate_org"], status="member")
    rules.set_rules(amendment.document, quorum=0.25)
    db.session.commit()

    recorded = kinds()
    for kind in ("amendment.edited", "vote.opened", "ballot.cast", "ballot.changed", "vote.closed",
                 "comment.edited", "comment.hidden", "role.changed", "membership.changed", "rules.changed"):
        assert kind in recorded, kind
    assert recorded.count("ballot.cast") == 2 and recorded.count("ballot.changed") == 1
    states = [json.loads(e.detail_json)["new"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.kind == "amendment.state_changed").order_by(AuditEntry.id))]
    assert states == ["voting", "accepted"]
    assert json.loads(entry("vote.closed").detail_json)["outcome"] == "accepted"
    assert entry("vote.closed").document_id == amendment.document_id
    assert json.loads(entry("version.created").detail_json)["amendment_id"] == amendment.id
    assert json.loads(entry("ballot.changed").detail_json)["choice"] == "for"
    assert entry("role.changed").public is False
    assert json.loads(entry("rules.changed").detail_json) == {"quorum": 0.25}


def test_secret_ballots_leave_the_choice_out_of_the_record(app, amendment, people):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    vote.secret_ballots = True
    votes.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="", now=utcnow() - timedelta(days=7))
    db.session.commit()
    assert "choice" not in json.loads(entry("ballot.cast").detail_json)


def test_a_refused_attempt_is_recorded_although_the_request_is_rolled_back(client, login_as, people):
    member = login_as("member_a")
    assert client.get("/admin/").status_code == 403
    token = csrf_token(client, "/account")
    refused = client.post("/admin/organisations/new", data={"csrf_token": token, "slug": "x", "name": "X"})
    assert refused.status_code == 403
    db.session.rollback()
    refusals = list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "authorisation.refused")))
    assert [json.loads(e.detail_json)["method"] for e in refusals] == ["GET", "POST"]
    assert all(e.actor_id == member.id and e.public is False for e in refusals)


def test_a_refusal_that_cannot_be_recorded_still_answers_403(client, login_as, monkeypatch):
    login_as("member_a")

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(db.engine, "begin", broken)
    assert client.get("/admin/").status_code == 403


def test_the_public_record_shows_public_entries_and_facilitators_see_all(client, login_as, amendment, people):
    members.update_person(people["member_a"], name="Member A", organisation=people["org_a"], is_delegate=True,
                          is_facilitator=False, is_active=True)
    db.session.commit()
    page = client.get("/audit?document=charte").get_data(as_text=True)
    assert "Vendre" in page and 'data-kind="amendment.created"' in page
    assert 'data-kind="role.changed"' not in page and "member@a.example" not in page
    assert 'data-kind="version.created"' not in client.get("/audit?kind=amendment.created").get_data(as_text=True)
    login_as("facilitator")
    page = client.get("/audit").get_data(as_text=True)
    assert 'data-kind="role.changed"' in page and "member@a.example" in page


def test_facilitators_changes_name_who_made_them(client, login_as, people):
    login_as("facilitator")
    from tests.support.forms import post_form

    response = post_form(client, f"/admin/people/{people['member_a'].id}", {
        "name": "Member A", "organisation": people["org_a"].id, "is_delegate": "y", "is_active": "y"})
    assert response.status_code == 302
    db.session.rollback()
    changed = entry("role.changed")
    assert changed.actor_id == people["facilitator"].id and changed.object_id == people["member_a"].id
    assert "delegate" in json.loads(changed.detail_json)["roles"]


def test_the_record_page_refuses_unknown_filters_politely(client, app):
    assert client.get("/audit?document=nope").status_code == 404
    assert client.get("/audit?organisation=nope").status_code == 404
    assert client.get("/audit?page=abc").status_code == 200
    assert client.get("/audit?page=99999999999999").status_code == 200


def test_the_record_page_speaks_both_languages(client, amendment):
    assert "Journal des actions" in client.get("/audit", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "/audit"})
    assert "Record of actions" in client.get("/audit").get_data(as_text=True)


def test_the_history_page_links_to_the_record_of_its_document(client, amendment):
    assert "/audit?document=charte" in client.get("/documents/charte/history").get_data(as_text=True)


def test_no_code_path_can_change_or_delete_an_entry(app, amendment):
    recorded = entry("amendment.created")
    recorded.kind = "something.else"
    with pytest.raises(AppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(entry("amendment.created"))
    with pytest.raises(AppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AppendOnly):
        db.session.execute(update(AuditEntry).values(kind="x"))
    with pytest.raises(AppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    assert entry("amendment.created") is not None


def test_the_record_page_costs_the_same_queries_however_many_objects_it_links(app, client, people):
    """The versions linked from the entries are loaded together, not one query per entry."""
    from app.documents import services as documents
    from tests.documents.helpers import count_queries

    def versions(slug: str, count: int) -> None:
        document = documents.create_document(slug, slug.title(), "Premier alinéa.\n", author=None, now=utcnow())
        for n in range(count):
            documents.create_version(document, f"Premier alinéa.\n\nAlinéa {n}.\n", author=None, now=utcnow(),
                                     summary=f"v{n + 2}")
        db.session.commit()

    versions("court", 1)
    with count_queries() as few:
        assert client.get("/audit").status_code == 200
    versions("long", 20)
    with count_queries() as many:
        assert client.get("/audit").status_code == 200
    assert len(many) == len(few)


def test_a_vote_in_the_record_is_named_by_what_was_voted_on(client, amendment, people):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    page = client.get("/audit?kind=ballot.cast").get_data(as_text=True)
    assert f'#vote">vote sur l’amendement {amendment.id}</a>' in page  # not "vote {vote.id}"
    assert f">vote {vote.id}</a>" not in page
