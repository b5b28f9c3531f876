"""Proposing, editing, the lifecycle and merging, as services (no request)."""
from __future__ import annotations

import pytest

from app.amendments import lifecycle, services
from app.amendments.models import AmendmentEvent
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
