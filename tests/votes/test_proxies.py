"""Proxies ("pouvoirs"): given, capped, used, revoked, replaced by the giver's own ballot (issue 14.4)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.db_types import utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.members.models import Organisation, Person
from app.votes import proxies
from app.votes import services as votes
from app.votes.models import Ballot, Vote, VoteProxy
from tests.support.forms import post_form
from tests.votes.conftest import amendment  # noqa: F401  (fixture)

PASSWORD = "correct horse"


@pytest.fixture
def three_members(people):
    """Organisation C joins before the vote opens: three organisations in the electorate."""
    people["candidate_org"].status = "member"
    db.session.commit()
    return people


@pytest.fixture
def vote(amendment, three_members):  # noqa: F811
    opened = votes.open_vote(amendment, by=three_members["facilitator"], now=utcnow())
    db.session.commit()
    return opened


def bearer(client, person) -> dict:
    token = client.post("/api/v1/tokens", json={"email": person.email, "password": PASSWORD}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def ballots_of(vote_id: int, organisation_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Ballot).where(
        Ballot.vote_id == vote_id, Ballot.organisation_id == organisation_id))


def test_a_proxy_over_the_cap_answers_409_proxy_limit(client, vote, three_members):
    people = three_members
    given = client.put(f"/api/v1/votes/{vote.id}/proxy", json={"to": "org-b"}, headers=bearer(client, people["delegate_a"]))
    assert given.status_code == 200 and given.get_json()["from"] == "org-a" and given.get_json()["to"] == "org-b"
    over = client.put(f"/api/v1/votes/{vote.id}/proxy", json={"to": "org-b"}, headers=bearer(client, people["candidate"]))
    assert over.status_code == 409 and over.get_json()["error"]["code"] == "proxy_limit"
    assert db.session.scalar(select(func.count()).select_from(VoteProxy)) == 1


def test_no_proxies_when_the_rules_allow_none(client, amendment, three_members):  # noqa: F811
    amendment.document.proxies_per_holder = 0
    opened = votes.open_vote(amendment, by=three_members["facilitator"], now=utcnow())
    db.session.commit()
    with pytest.raises(NotAllowed):
        proxies.give_proxy(opened, by=three_members["delegate_a"], holder=three_members["org_b"], now=utcnow())


def test_a_proxy_used_then_the_givers_own_ballot_leaves_one_ballot(client, vote, three_members):
    people = three_members
    client.put(f"/api/v1/votes/{vote.id}/proxy", json={"to": "org-b"}, headers=bearer(client, people["delegate_a"]))
    holder = bearer(client, people["delegate_b"])
    by_proxy = client.put(f"/api/v1/votes/{vote.id}/ballot", json={"choice": "against", "on_behalf_of": "org-a"},
                          headers=holder)
    assert by_proxy.status_code == 200, by_proxy.get_json()
    assert (by_proxy.get_json()["organisation"], by_proxy.get_json()["cast_by_proxy_of"]) == ("org-a", "org-b")
    own_b = client.put(f"/api/v1/votes/{vote.id}/ballot", json={"choice": "for"}, headers=holder)
    assert own_b.get_json()["organisation"] == "org-b"  # B's own ballot, apart from A's
    revoke = client.delete(f"/api/v1/votes/{vote.id}/proxy", headers=bearer(client, people["delegate_a"]))
    assert revoke.status_code == 409  # used: only A's own ballot replaces it now
    own = client.put(f"/api/v1/votes/{vote.id}/ballot", json={"choice": "for"},
                     headers=bearer(client, people["delegate_a"]))
    assert own.status_code == 200 and own.get_json()["cast_by_proxy_of"] is None
    db.session.expire_all()
    assert ballots_of(vote.id, people["org_a"].id) == 1
    assert db.session.scalar(select(func.count()).select_from(VoteProxy)) == 0
    tally = votes.current_tally(vote)
    assert (tally.count_for, tally.count_against) == (2, 0)
    record = client.get("/audit").get_data(as_text=True)
    assert 'data-kind="proxy.given"' in record and 'data-kind="proxy.replaced"' in record
    again = client.put(f"/api/v1/votes/{vote.id}/proxy", json={"to": "org-b"},
                       headers=bearer(client, people["delegate_a"]))
    assert again.status_code == 409  # A has cast its own ballot


def test_a_proxy_is_revocable_until_used_and_only_its_holder_uses_it(app, vote, three_members):
    people = three_members
    proxies.give_proxy(vote, by=people["delegate_a"], holder=people["org_b"], now=utcnow())
    with pytest.raises(NotAllowed):
        votes.cast_ballot(vote, by=people["candidate"], choice="for", justification="", now=utcnow(),
                          on_behalf_of=people["org_a"])
    proxies.revoke_proxy(vote, by=people["delegate_a"], now=utcnow())
    with pytest.raises(NotAllowed):
        votes.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow(),
                          on_behalf_of=people["org_a"])
    with pytest.raises(Conflict):
        proxies.revoke_proxy(vote, by=people["delegate_a"], now=utcnow())


def test_the_holders_delegate_casts_both_ballots_from_the_page(client, vote, three_members, login_as):
    url = f"/amendments/{vote.subject_id}"
    login_as("delegate_a")
    given = post_form(client, url + "/vote/proxy", {"to": "org-b"}, token_from=url, follow_redirects=True)
    flashes = given.get_data(as_text=True).split('<div class="flashes"')[1].split("</div>")[0]
    assert "Organisation B" in flashes, flashes
    post_form(client, "/logout", {}, token_from="/")
    login_as("delegate_b")
    page = client.get(url).get_data(as_text=True)
    assert 'name="on_behalf_of" value="org-a"' in page
    assert post_form(client, url + "/vote/ballot", {"on_behalf_of": "org-a", "proxy-org-a-choice": "abstain"},
                     token_from=url).status_code == 302
    assert post_form(client, url + "/vote/ballot", {"choice": "for"}, token_from=url).status_code == 302
    db.session.expire_all()
    rows = db.session.execute(select(Ballot.organisation_id, Ballot.choice).where(Ballot.vote_id == vote.id))
    choices = {organisation_id: choice for organisation_id, choice in rows}
    assert choices == {three_members["org_a"].id: "abstain", three_members["org_b"].id: "for"}


def test_twenty_racing_delegates_of_holder_and_giver_leave_one_ballot_per_organisation(app, vote, three_members):
    """A's two delegates cast A's own ballot while B's delegate casts A's by proxy and B's own, twenty at once."""
    people = three_members
    proxies.give_proxy(vote, by=people["delegate_a"], holder=people["org_b"], now=utcnow())
    db.session.commit()
    vote_id = vote.id
    ids = {role: people[role].id for role in ("delegate_a", "delegate_a2", "delegate_b")}
    org_a_id = people["org_a"].id
    db.session.rollback()  # hold no lock while the threads run
    barrier, errors, refused = threading.Barrier(20), [], []

    def cast(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                role = ("delegate_a", "delegate_a2", "delegate_b", "delegate_b")[index % 4]
                person = db.session.get(Person, ids[role])
                giver = db.session.get(Organisation, org_a_id) if role == "delegate_b" and index % 8 == 2 else None
                votes.cast_ballot(db.session.get(Vote, vote_id), by=person, choice=("for", "against")[index % 2],
                                  justification=str(index), now=utcnow(), on_behalf_of=giver)
                db.session.commit()
            except NotAllowed as refusal:  # the proxy was replaced by A's own ballot first: refused, rightly
                refused.append(refusal)
                db.session.rollback()
            except Exception as error:  # noqa: BLE001  (collected and asserted below)
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    rows = db.session.execute(select(Ballot.organisation_id, func.count()).where(Ballot.vote_id == vote_id)
                              .group_by(Ballot.organisation_id))
    counts = {organisation_id: count for organisation_id, count in rows}
    assert counts == {org_a_id: 1, people["org_b"].id: 1}
    assert db.session.scalar(select(func.count()).select_from(VoteProxy)) == 0  # A's own ballot replaced it
    assert db.session.scalar(select(Ballot.proxy_holder_id).where(Ballot.organisation_id == org_a_id)) is None
