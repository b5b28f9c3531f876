"""Votes and ballots through the JSON API, as API.md promises."""
from __future__ import annotations

import time

from app.db_types import utcnow
from app.extensions import db
from app.votes.rules import set_rules
from tests.amendments.conftest import CHARTER, amended
from tests.conftest import PASSWORD


def auth(client, email):
    token = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_three_of_five_organisations_adopt_an_amendment(client, charter, people, make_organisation, make_person):
    delegates = [people["delegate_a"], people["delegate_b"]]
    for slug in ("org-d", "org-e", "org-f"):
        delegates.append(make_person(f"delegate@{slug}.example", make_organisation(slug), delegate=True))
    set_rules(charter, quorum=0.5, threshold=0.5, discussion_days=0, voting_days=2 / 86400)
    db.session.commit()
    proposed = client.post("/api/v1/documents/charte/amendments", headers=auth(client, "member@a.example"), json={
        "title": "Vendre", "rationale": "Plus clair.", "markdown": amended(CHARTER, "revendre", "vendre"),
        "base_version": 1}).json
    url = f"/api/v1/amendments/{proposed['id']}"
    opened = client.post(f"{url}/open-vote", headers=auth(client, "facilitator@example.org"))
    assert opened.status_code == 200 and opened.json["tally"] == {"for": 0, "against": 0, "abstain": 0}
    for delegate, choice in zip(delegates[:3], ["for", "for", "against"]):
        cast = client.put(f"{url}/ballot", headers=auth(client, delegate.email),
                          json={"choice": choice, "justification": "Parce que."})
        assert cast.status_code == 200 and cast.json["choice"] == choice
    assert client.put(f"{url}/ballot", headers=auth(client, "member@a.example"), json={"choice": "for"}).status_code == 403
    before = client.get(f"{url}/ballots").json["total"]
    time.sleep(2.2)  # the vote's deadline: 2 seconds after it opened
    read = client.get(url).json
    assert read["status"] == "accepted" and read["vote"]["outcome"] == "accepted"
    assert read["vote"]["tally"] == {"for": 2, "against": 1, "abstain": 0} and read["vote"]["quorum_reached"]
    assert read["merged_version"] == 2
    version = client.get("/api/v1/documents/charte/versions/2").json
    assert version["markdown"] == amended(CHARTER, "revendre", "vendre")
    ballots = client.get(f"{url}/ballots").json
    assert ballots["total"] == before == 3
    assert {b["organisation"] for b in ballots["items"]} == {"org-a", "org-b", "org-d"}


def test_ballot_errors(client, amendment, people):
    url = f"/api/v1/amendments/{amendment.id}"
    headers = auth(client, "delegate@a.example")
    assert client.put(f"{url}/ballot", headers=headers, json={"choice": "for"}).status_code == 409
    client.post(f"{url}/open-vote", headers=auth(client, "facilitator@example.org"))
    assert client.put(f"{url}/ballot", headers=headers, json={"choice": "maybe"}).status_code == 422
    assert client.put(f"{url}/ballot", headers=headers, json={"choice": "for", "organisation": "org-b"}).status_code == 422
    assert client.put(f"{url}/ballot", json={"choice": "for"}).status_code == 401
    assert client.put(f"{url}/ballot", headers=auth(client, "contact@c.example"), json={"choice": "for"}).status_code == 403
    assert client.get(f"{url}/ballots").json["total"] == 0


def test_open_vote_is_for_facilitators_and_respects_the_discussion_period(client, amendment, charter, people):
    url = f"/api/v1/amendments/{amendment.id}/open-vote"
    assert client.post(url, headers=auth(client, "delegate@a.example")).status_code == 403
    set_rules(charter, discussion_days=30)
    db.session.commit()
    refused = client.post(url, headers=auth(client, "facilitator@example.org"))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "discussion_period"


def test_close_before_the_deadline_is_409_and_cancel_goes_back_to_discussion(client, amendment, people):
    url = f"/api/v1/amendments/{amendment.id}"
    facilitator = auth(client, "facilitator@example.org")
    client.post(f"{url}/open-vote", headers=facilitator)
    assert client.post(f"{url}/close-vote").status_code == 409
    assert client.post(f"{url}/cancel-vote", headers=auth(client, "delegate@a.example")).status_code == 403
    cancelled = client.post(f"{url}/cancel-vote", headers=facilitator)
    assert cancelled.status_code == 200 and cancelled.json["status"] == "discussion"


def test_secret_ballots_stay_secret_until_the_close(client, amendment, charter, people):
    set_rules(charter, secret_ballots=True)
    db.session.commit()
    url = f"/api/v1/amendments/{amendment.id}"
    client.post(f"{url}/open-vote", headers=auth(client, "facilitator@example.org"))
    client.put(f"{url}/ballot", headers=auth(client, "delegate@a.example"), json={"choice": "for"})
    assert client.get(f"{url}/ballots").status_code == 403
    assert utcnow()
