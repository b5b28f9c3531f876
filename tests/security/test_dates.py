"""Issue 22.2: a date-like text in the record, or a vote closing at the end of time, breaks no page."""
from __future__ import annotations

from datetime import datetime, timezone

from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db
from app.votes import services as votes
from tests.support.forms import csrf_token

FAR = "9999-12-31T23:59:59+00:00"


def test_a_title_that_looks_like_a_date_does_not_break_the_record(client, amendment, people):
    record("amendment.created", amendment, by=people["member_a"], title=FAR, now=utcnow())
    record("organisation.created", amendment, organisation_id=None, name="0001-01-01T00:00:00+14:00", now=utcnow())
    db.session.commit()
    response = client.get("/audit")
    assert response.status_code == 200
    assert FAR in response.get_data(as_text=True)


def test_a_vote_closing_at_the_end_of_time_breaks_no_page(client, amendment, people):
    # The services now refuse such a time (issue 22.2); a vote stored before they did may still hold one.
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    vote.closes_at = datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc)
    db.session.commit()
    for url in ("/", "/votes", f"/amendments/{amendment.id}", "/audit", f"/api/v1/amendments/{amendment.id}"):
        assert client.get(url).status_code == 200, url


def token(client, email):
    response = client.post("/api/v1/tokens", json={"email": email, "password": "correct horse"})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_the_api_refuses_closing_times_it_cannot_show(client, amendment, people):
    headers = token(client, people["facilitator"].email)
    for value in ("9999-12-31T23:59:59-14:00", "9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+14:00"):
        response = client.post(f"/api/v1/amendments/{amendment.id}/open-vote", json={"closes_at": value},
                               headers=headers)
        assert response.status_code == 422, (value, response.get_data(as_text=True))
        assert value in response.get_json()["error"]["message"]


def test_the_page_form_refuses_closing_times_it_cannot_show(client, amendment, people, login_as):
    login_as("facilitator")
    form = csrf_token(client, f"/amendments/{amendment.id}")
    response = client.post(f"/amendments/{amendment.id}/vote/open",
                           data={"csrf_token": form, "closes_at": "9999-12-31T23:59"})
    assert response.status_code == 400
    assert votes.current_vote(amendment) is None


def test_a_closing_time_typed_in_the_page_is_read_in_paris_time(client, amendment, people, login_as):
    """Issue 22.17: 18:00 typed in June is 16:00 UTC, not 18:00 UTC (shown as 20:00)."""
    login_as("facilitator")
    form = csrf_token(client, f"/amendments/{amendment.id}")
    year = utcnow().year + 1
    response = client.post(f"/amendments/{amendment.id}/vote/open",
                           data={"csrf_token": form, "closes_at": f"{year}-06-01T18:00"})
    assert response.status_code == 302
    assert votes.current_vote(amendment).closes_at == datetime(year, 6, 1, 16, 0, tzinfo=timezone.utc)


def test_names_and_titles_are_one_line(client, charter, people, login_as):
    """Issue 22.17: a line break in a name or a title added lines to mail bodies."""
    from app.amendments import services as amendments
    from app.members import services as members
    from tests.amendments.conftest import CHARTER, amended

    person = members.update_person(people["member_a"], name="Eve\r\nBcc: everyone", organisation=people["org_a"],
                                   is_delegate=False, is_facilitator=False, is_active=True)
    organisation = members.create_organisation("nouvelle", "Nouvelle\nassociation")
    made = amendments.create_amendment(charter, author=person, title="Vendre\r\n\r\nSigné : la direction",
                                       rationale="r", markdown=amended(CHARTER, "revendre", "vendre"),
                                       base_number=1, now=utcnow())
    assert (person.name, organisation.name, made.title) == (
        "Eve Bcc: everyone", "Nouvelle association", "Vendre Signé : la direction")
    db.session.commit()
    login_as("member_a")
    client.post("/account", data={"csrf_token": csrf_token(client, "/account"), "name": "Ève\u2028Deux",
                                  "language": "fr"})
    db.session.refresh(person)
    assert person.name == "Ève Deux"
