"""Issue 22.3: a draft's title stays out of the public record until it is published."""
from __future__ import annotations

import pytest

from app.amendments import services as amendments
from app.db_types import utcnow
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended


@pytest.fixture
def draft(charter, people):
    made = amendments.create_amendment(
        charter, author=people["member_a"], title="Titre secret du brouillon", rationale="Pas encore.",
        markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow(), draft=True)
    amendments.edit_amendment(made, by=people["member_a"], title="Titre secret, revu", rationale="Toujours pas.",
                              markdown=made.markdown, now=utcnow())
    db.session.commit()
    return made


@pytest.mark.parametrize("role", [None, "delegate_b"])
def test_a_draft_stays_out_of_the_record_for_those_who_cannot_read_it(client, draft, login_as, role):
    if role:
        login_as(role)
    assert client.get(f"/amendments/{draft.id}").status_code in (403, 404)
    page = client.get("/audit").get_data(as_text=True)
    assert "Titre secret" not in page


@pytest.mark.parametrize("role", ["member_a", "facilitator"])
def test_the_author_and_facilitators_see_the_drafts_entries(client, draft, login_as, role):
    login_as(role)
    assert "Titre secret, revu" in client.get("/audit").get_data(as_text=True)


def test_once_published_its_entries_are_public(client, draft, people):
    amendments.submit_draft(draft, by=people["member_a"], now=utcnow())
    db.session.commit()
    assert "Titre secret du brouillon" in client.get("/audit").get_data(as_text=True)
