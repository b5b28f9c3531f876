"""Proposing, editing, the lifecycle and merging, as services (no request)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.amendments import lifecycle, services
from app.amendments.models import AmendmentEvent
from app.audit.models import AuditEntry
from app.mail.models import OutboxMail
from app.notifications.models import Notification
from app.db_types import utcnow
from app.documents.queries import get_version
from app.errors import Conflict, Invalid
from app.extensions import db
from tests.amendments.conftest import CHARTER, adopt, amended


def propose(charter, person, old, new, *, base=None, title="Un amendement"):
    return services.create_amendment(
        charter, author=person, title=title, rationale="Parce que.", markdown=amended(CHARTER, old, new),
        base_number=base or charter.head_number, now=utcnow())


def test_a_proposal_starts_in_discussion_with_a_revision(charter, people):
    amendment = propose(charter, people["member_a"], "revendre", "vendre ni louer")
    assert amendment.status == "discussion"
    assert amendment.organisation_id == people["org_a"].id
    assert len(amendment.revisions) == 1
    assert len(amendment.changed_clauses) == 1


@pytest.mark.parametrize("title, rationale, error", [("", "r", "missing_title"), ("t", " ", "missing_rationale")])
def test_title_and_rationale_are_required(charter, people, title, rationale, error):
    with pytest.raises(Invalid) as refusal:
        services.create_amendment(charter, author=people["member_a"], title=title, rationale=rationale,
                                  markdown=CHARTER + "x\n", base_number=1, now=utcnow())
    assert refusal.value.code == error


def test_an_identical_text_is_not_an_amendment(charter, people):
    with pytest.raises(Invalid) as refusal:
        services.create_amendment(charter, author=people["member_a"], title="t", rationale="r",
                                  markdown=CHARTER, base_number=1, now=utcnow())
    assert refusal.value.code == "no_change"


def test_every_edit_is_kept_as_a_revision_and_voting_freezes_the_text(charter, people):
    amendment = propose(charter, people["member_a"], "revendre", "vendre")
    services.edit_amendment(amendment, by=people["member_a"], title="Mieux", rationale="Encore mieux.",
                            markdown=amended(CHARTER, "revendre", "céder"), now=utcnow())
    assert [r.title for r in amendment.revisions] == ["Un amendement", "Mieux"]
    lifecycle.move(amendment, "voting", by=people["facilitator"], now=utcnow())
    with pytest.raises(Conflict) as refusal:
        services.edit_amendment(amendment, by=people["member_a"], title="x", rationale="y",
                                markdown=CHARTER + "z\n", now=utcnow())
    assert refusal.value.code == "frozen"


def test_illegal_transitions_are_refused_with_a_sentence(charter, people):
    amendment = propose(charter, people["member_a"], "revendre", "vendre")
    services.withdraw_amendment(amendment, by=people["member_a"], now=utcnow())
    with pytest.raises(Conflict) as refusal:
        lifecycle.move(amendment, "voting", by=people["facilitator"], now=utcnow())
    assert refusal.value.code == "illegal_transition" and refusal.value.message
    events = db.session.query(AmendmentEvent).filter_by(amendment_id=amendment.id).all()
    assert [(e.from_status, e.to_status) for e in events] == [("discussion", "withdrawn")]


def test_accepted_on_the_head_becomes_the_next_version_exactly(charter, people):
    amendment = propose(charter, people["member_a"], "revendre", "vendre")
    version = adopt(amendment)
    assert version.number == 2 and version.markdown == amendment.markdown
    assert version.amendment_id == amendment.id and amendment.merged_version_id == version.id
    assert charter.head_number == 2


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_amendments_on_different_clauses_both_merge_in_either_order(charter, people, order):
    first = propose(charter, people["member_a"], "revendre", "vendre")
    second = propose(charter, people["delegate_b"], "une voix", "une voix et une seule")
    amendments = [first, second]
    for index in order:
        assert adopt(amendments[index]) is not None
    head = get_version(charter, 3).markdown
    assert "vendre les données" in head and "revendre" not in head
    assert "une voix et une seule" in head


def test_two_amendments_on_the_same_clause_the_second_needs_update(charter, people):
    first = propose(charter, people["member_a"], "revendre", "vendre")
    second = propose(charter, people["delegate_b"], "revendre les données", "revendre les données personnelles")
    adopt(first)
    assert second.status == "needs_update"  # flagged as soon as the head moved
    assert charter.head_number == 2


def test_a_proposal_against_an_old_version_is_checked_against_the_head(charter, people):
    adopt(propose(charter, people["member_a"], "revendre", "vendre"))
    ok = services.create_amendment(
        charter, author=people["delegate_b"], title="t", rationale="r", base_number=1, now=utcnow(),
        markdown=amended(CHARTER, "une voix", "une seule voix"))
    assert ok.base_version.number == 1
    with pytest.raises(Conflict) as refusal:
        services.create_amendment(
            charter, author=people["delegate_b"], title="t", rationale="r", base_number=1, now=utcnow(),
            markdown=amended(CHARTER, "revendre les données", "louer les données"))
    assert refusal.value.code == "needs_update"


def test_needs_update_then_updated_goes_back_to_discussion(charter, people):
    first = propose(charter, people["member_a"], "revendre", "vendre")
    second = propose(charter, people["delegate_b"], "revendre les données", "louer les données")
    adopt(first)
    head = get_version(charter, 2).markdown
    services.edit_amendment(second, by=people["delegate_b"], title=second.title, rationale="Mis à jour.",
                            markdown=amended(head, "vendre les données", "vendre ni louer les données"),
                            now=utcnow(), base_number=2)
    assert second.status == "discussion" and second.base_version.number == 2
    assert adopt(second).number == 3


def written_for(amendments) -> list[tuple]:
    """What moving them wrote, in id order per table, each amendment named by its rank in `amendments`."""
    rank = {amendment.id: k for k, amendment in enumerate(amendments)}
    urls = {f"/amendments/{amendment.id}": k for k, amendment in enumerate(amendments)}
    events = [(rank[e.amendment_id], e.from_status, e.to_status, e.note) for e in db.session.scalars(
        select(AmendmentEvent).where(AmendmentEvent.amendment_id.in_(rank)).order_by(AmendmentEvent.id))]
    entries = [(rank[e.object_id], e.kind, e.detail_json) for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "amendment", AuditEntry.object_id.in_(rank))
        .order_by(AuditEntry.id))]
    told = [(urls[n.url], n.person_id, n.kind, n.params_json.replace(f'"{n.url}"', "")) for n in db.session.scalars(
        select(Notification).where(Notification.url.in_(urls)).order_by(Notification.id))]
    mails = [(urls.get(m.ref and f"/{m.ref}"), m.person_id, m.kind) for m in db.session.scalars(
        select(OutboxMail).where(OutboxMail.ref.in_([url[1:] for url in urls])).order_by(OutboxMail.id))]
    states = [(a.status, a.status_changed_at, a.checked_number) for a in amendments]
    return [events, [entry[:2] for entry in entries], told, mails, states]


def test_moving_amendments_together_writes_what_moving_them_one_by_one_writes(charter, people):
    authors = [people["member_a"], people["delegate_b"], people["member_a"]]
    words = [("revendre", "vendre"), ("Publier", "Afficher"), ("Héberger", "Garder")]
    now = utcnow()
    together = [propose(charter, author, old, new) for author, (old, new) in zip(authors, words)]
    one_by_one = [propose(charter, author, old, new) for author, (old, new) in zip(authors, words)]
    db.session.commit()
    lifecycle.move_all(together, "needs_update", by=None, now=now, note="La version a changé.")
    for amendment in one_by_one:
        lifecycle.move(amendment, "needs_update", by=None, now=now, note="La version a changé.")
    db.session.commit()
    written = written_for(together)
    assert written == written_for(one_by_one)
    events, entries, told, _mails, states = written
    assert len(events) == 3 and sum(kind == "amendment.state_changed" for _k, kind in entries) == 3
    assert {k for k, *_rest in told} == {0, 1, 2} and told[0][:2] == (0, people["member_a"].id)
    assert {status for status, *_rest in states} == {"needs_update"}


def test_moving_amendments_together_is_refused_before_anything_is_written(charter, people):
    movable = propose(charter, people["member_a"], "revendre", "vendre")
    withdrawn = propose(charter, people["member_a"], "Publier", "Afficher")
    services.withdraw_amendment(withdrawn, by=people["member_a"], now=utcnow())
    db.session.commit()
    with pytest.raises(Conflict) as refusal:
        lifecycle.move_all([movable, withdrawn], "needs_update", by=None, now=utcnow())
    assert refusal.value.code == "illegal_transition"
    assert movable.status == "discussion"
    assert db.session.scalars(select(AmendmentEvent).where(AmendmentEvent.amendment_id == movable.id,
                                                           AmendmentEvent.to_status == "needs_update")).all() == []
