"""An author comes back to an amendment: fix a typo, publish a draft, update it on the current text.

Issue 21, point 1: the edit form answered 500 for every amendment (the form took the
version object for its number), so none of these paths could be walked.
"""
from __future__ import annotations

import pytest

from app.amendments import services
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.extensions import db
from tests.amendments.conftest import CHARTER, adopt, amended
from tests.support.forms import post_form


def propose(people, markdown, *, draft=False, clause_id=None, role="member_a"):
    amendment = services.create_amendment(
        people["charter"], author=people[role], title="Vendre", rationale="Plus clair.", markdown=markdown,
        base_number=1, now=utcnow(), draft=draft, target_clause_id=clause_id)
    db.session.commit()
    return amendment


@pytest.fixture
def mine(charter, people, login_as):
    """The member's own amendment, and the member logged in."""
    people["charter"] = charter
    login_as("member_a")
    return propose(people, amended(CHARTER, "revendre", "vendre"))


def edit_data(amendment, **fields):
    return {"title": amendment.title, "rationale": amendment.rationale, "markdown": amendment.markdown,
            "base_version": amendment.base_version.number, "clause_id": "", "action": "submit", **fields}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_author_opens_the_edit_form_in_both_languages(client, mine, people, language):
    people["member_a"].language = language
    db.session.commit()
    response = client.get(f"/amendments/{mine.id}/edit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ne jamais vendre les données" in html.split("<textarea")[1]
    assert 'name="base_version"' in html and 'value="1"' in html


def test_the_author_fixes_a_typo(client, mine):
    response = post_form(client, f"/amendments/{mine.id}/edit",
                         edit_data(mine, markdown=amended(CHARTER, "revendre", "vendre jamais")))
    assert response.status_code == 302
    assert "vendre jamais" in db.session.get(Amendment, mine.id).markdown


def test_a_saved_draft_is_published_from_its_edit_form(client, charter, people, login_as):
    people["charter"] = charter
    login_as("member_a")
    draft = propose(people, amended(CHARTER, "revendre", "vendre"), draft=True)
    assert client.get(f"/amendments/{draft.id}/edit").status_code == 200
    response = post_form(client, f"/amendments/{draft.id}/edit", edit_data(draft))
    assert response.status_code == 302
    assert db.session.get(Amendment, draft.id).status == "discussion"


def test_a_clause_amendment_is_edited_as_its_clause(client, charter, people, login_as):
    people["charter"] = charter
    login_as("member_a")
    clause = next(c for c in clauses_of(charter.id, 1) if "revendre" in c.source)
    amendment = propose(people, amended(CHARTER, "revendre", "vendre"), clause_id=clause.clause_id)
    html = client.get(f"/amendments/{amendment.id}/edit").get_data(as_text=True)
    textarea = html.split("<textarea")[1].split("</textarea>")[0]
    assert "Ne jamais vendre les données" in textarea and "Vie du collectif" not in textarea
    response = post_form(client, f"/amendments/{amendment.id}/edit",
                         edit_data(amendment, markdown="2. Ne jamais vendre nos données.", clause_id=clause.clause_id))
    assert response.status_code == 302
    assert db.session.get(Amendment, amendment.id).markdown == amended(CHARTER, "revendre les", "vendre nos")


def test_a_needs_update_amendment_is_updated_against_the_current_text(client, charter, people, login_as):
    people["charter"] = charter
    login_as("member_a")
    stale = propose(people, amended(CHARTER, "revendre", "vendre"))
    other = propose(people, amended(CHARTER, "revendre", "céder"), role="delegate_b")
    adopt(other)  # the same clause changed: the stale one goes to "needs update"
    db.session.commit()
    assert stale.status == "needs_update"
    page = client.get(f"/amendments/{stale.id}/edit")
    assert page.status_code == 200 and "céder" in page.get_data(as_text=True)
    preview = post_form(client, f"/amendments/{stale.id}/edit",
                        edit_data(stale, markdown=amended(CHARTER, "revendre", "céder ni vendre"), base_version=2,
                                  action="preview"))
    assert preview.status_code == 200
    response = post_form(client, f"/amendments/{stale.id}/edit",
                         edit_data(stale, markdown=amended(CHARTER, "revendre", "céder ni vendre"), base_version=2))
    assert response.status_code == 302
    updated = db.session.get(Amendment, stale.id)
    assert updated.status == "discussion" and updated.base_version.number == 2


def test_a_base_version_that_is_not_a_number_is_refused_with_the_text(client, mine):
    response = post_form(client, f"/amendments/{mine.id}/edit",
                         edit_data(mine, base_version="deux", markdown=amended(CHARTER, "revendre", "vendre (tapé)")))
    assert response.status_code == 422
    assert "vendre (tapé)" in response.get_data(as_text=True)


def test_the_editor_says_which_clause_it_changes_and_under_which_heading(client, charter, login_as):
    login_as("member_a")
    clauses = clauses_of(charter.id, 1)
    number, clause = next((n, c) for n, c in enumerate(clauses, start=1) if "revendre" in c.source)
    html = client.get(f"/documents/charte/amendments/new?clause={clause.clause_id}").get_data(as_text=True)
    assert f"la clause {number}, sous « Engagements », de la version 1" in html


def test_the_amendment_page_says_which_section_a_changed_item_is_in(client, mine):
    html = client.get(f"/amendments/{mine.id}").get_data(as_text=True)
    assert "sous « Engagements »" in html
