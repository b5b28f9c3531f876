"""The vote engine whatever the subject: deadline order, the frozen electorate, secret ballots while open,
closing now and extending (issues 14.2, 14.3, 21.3, 21.6, 22.1)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.amendments import services as amendments
from app.db_types import utcnow
from app.documents.queries import get_version
from app.errors import Conflict, Invalid, NotAllowed
from app.extensions import db
from app.portability.export import archive_files
from app.votes import services as votes
from app.votes.models import Vote
from app.votes.subjects import SUBJECTS
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.support.forms import post_form


def propose(document, people, old: str, new: str, title: str):
    made = amendments.create_amendment(document, author=people["member_a"], title=title, rationale="Parce que.",
                                       markdown=amended(CHARTER, old, new), base_number=1,
                                       now=utcnow() - timedelta(days=20))
    db.session.flush()
    return made


def voted_for(amendment, people, opened_at, closes_at):
    vote = votes.open_vote(amendment, by=people["facilitator"], now=opened_at, closes_at=closes_at)
    for role in ("delegate_a", "delegate_b"):
        votes.cast_ballot(vote, by=people[role], choice="for", justification="", now=opened_at + timedelta(hours=1))
    return vote


def test_every_subject_registers_with_the_engine(app):
    assert {"amendment", "application"} <= set(SUBJECTS)
    assert {subject.url_prefix for subject in SUBJECTS.values()} >= {"amendments", "applications"}


@pytest.mark.parametrize("read_first", ["earlier", "later"])
@pytest.mark.parametrize("reader", ["page", "api"])
def test_votes_close_in_deadline_order_whichever_page_is_read(client, charter, people, read_first,  # noqa: F811
                                                              reader):
    """Two amendments changing one clause, their votes opened a millisecond apart: the earlier deadline
    is merged, the other goes to needs update, whichever of the two pages is read first."""
    earlier = propose(charter, people, "Ne jamais revendre les données.", "Ne jamais vendre les données.", "Vendre")
    later = propose(charter, people, "Ne jamais revendre les données.", "Ne jamais céder les données.", "Céder")
    opened = utcnow() - timedelta(days=8)
    first_close = utcnow() - timedelta(days=1)
    voted_for(earlier, people, opened, first_close)
    voted_for(later, people, opened + timedelta(milliseconds=1), first_close + timedelta(milliseconds=1))
    db.session.commit()
    read = earlier if read_first == "earlier" else later
    url = f"/amendments/{read.id}" if reader == "page" else f"/api/v1/amendments/{read.id}"
    assert client.get(url).status_code == 200
    db.session.expire_all()
    assert (earlier.status, later.status) == ("accepted", "needs_update")
    assert charter.head_number == 2 and "Ne jamais vendre les données." in get_version(charter, 2).markdown


def test_due_votes_are_in_deadline_then_id_order(app, charter, people):  # noqa: F811
    one = propose(charter, people, "Publier nos", "Afficher nos", "Un")
    two = propose(charter, people, "propres serveurs", "serveurs", "Deux")
    deadline = utcnow() - timedelta(days=1)
    second = votes.open_vote(two, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    first = votes.open_vote(one, by=people["facilitator"], now=utcnow() - timedelta(days=8))
    second.closes_at, first.closes_at = deadline, deadline - timedelta(seconds=1)
    third = votes.open_vote(propose(charter, people, "Chaque organisation", "Toute organisation", "Trois"),
                            by=people["facilitator"], now=utcnow() - timedelta(days=8))
    third.closes_at = deadline
    db.session.flush()
    assert [vote.id for vote in votes.due_votes(utcnow())] == [first.id, second.id, third.id]


@pytest.fixture
def open_vote(charter, people):  # noqa: F811
    amendment = propose(charter, people, "Publier nos", "Afficher nos", "Afficher")
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    return vote


def test_the_electorate_is_frozen_when_the_vote_opens(client, open_vote, people, login_as):
    """An organisation admitted during the vote cannot vote in it, nor count in the quorum's base;
    one that left cannot vote either; the closed vote does not list the newcomer as not voting."""
    assert open_vote.elector_ids == {people["org_a"].id, people["org_b"].id} and open_vote.eligible_count == 2
    people["candidate_org"].status = "member"  # admitted during the vote
    db.session.commit()
    with pytest.raises(NotAllowed):
        votes.cast_ballot(open_vote, by=people["candidate"], choice="for", justification="", now=utcnow())
    login_as("candidate")
    url = f"/amendments/{open_vote.subject_id}"
    page = client.get(url).get_data(as_text=True)
    assert "ballot-form" not in page and "Candidate C" not in page.split('vote-panel__electorate')[1][:400]
    assert post_form(client, url + "/vote/ballot", {"choice": "for"}, token_from=url).status_code == 403
    votes.cast_ballot(open_vote, by=people["delegate_a"], choice="abstain", justification="", now=utcnow())
    assert votes.current_tally(open_vote).eligible == 2
    open_vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    listed = re.search(r"(Did not vote:|N’ont pas voté :)([^<]*)", page).group(2)
    assert "Organisation B" in listed and "Candidate C" not in listed


def test_an_organisation_that_left_during_the_vote_cannot_vote(app, open_vote, people):
    people["org_b"].status = "former"
    db.session.commit()
    with pytest.raises(NotAllowed):
        votes.cast_ballot(open_vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    assert votes.current_tally(open_vote).eligible == 2


def test_quorum_is_reached_at_exactly_half_and_a_closed_vote_shows_its_deadline(client, open_vote, people):
    """Quorum 50 %, 1 of the 2 organisations voted: reached, and no "(a tie is never enough)" on the quorum;
    the closing time shown is the deadline, not the moment somebody read the page."""
    votes.cast_ballot(open_vote, by=people["delegate_a"], choice="abstain", justification="", now=utcnow())
    deadline = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    open_vote.closes_at = deadline
    db.session.commit()
    page = client.get(f"/amendments/{open_vote.subject_id}").get_data(as_text=True)
    quorum_line = re.search(r"quorum (de )?50 %[^<]*<strong[^>]*>([^<]*)</strong>([^<]*)", page)
    assert quorum_line and "✓" in quorum_line.group(2) and "tie" not in quorum_line.group(3) \
        and "égalité" not in quorum_line.group(3)
    state = page.split('class="vote-panel__state"')[1][:600]
    assert f'datetime="{deadline.isoformat()}"' in state


def test_the_archive_carries_an_open_secret_vote_s_ballot_entries_sealed_and_still_verifies(
        app, tmp_path, charter, people):  # noqa: F811
    charter.secret_ballots = True
    amendment = propose(charter, people, "Publier nos", "Afficher nos", "Afficher")
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="Non", now=utcnow())
    db.session.commit()
    files = archive_files()
    cast = [row for row in json.loads(files["audit_log.json"]) if row["kind"] == "ballot.cast"]
    assert len(cast) == 1 and cast[0]["sealed"] is True
    assert cast[0]["actor_id"] is None and cast[0]["organisation_id"] is None
    unzipped = tmp_path / "unzipped"
    for name, data in files.items():
        (unzipped / name).parent.mkdir(parents=True, exist_ok=True)
        (unzipped / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-I", "-S", str(unzipped / "verify_archive.py"), str(unzipped)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 entries sealed by a secret vote still open" in result.stdout
    votes.close_now(vote, by=people["facilitator"], now=utcnow())
    db.session.commit()
    cast = [row for row in json.loads(archive_files()["audit_log.json"]) if row["kind"] == "ballot.cast"]
    assert "sealed" not in cast[0] and cast[0]["organisation_id"] == people["org_a"].id


def test_a_secret_vote_shows_no_tally_while_open(client, charter, people, login_as):  # noqa: F811
    """Page and API: only how many organisations voted; the record names nobody; ballots stay out of the export."""
    charter.secret_ballots = True
    amendment = propose(charter, people, "Publier nos", "Afficher nos", "Afficher")
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="Non", now=utcnow())
    db.session.commit()
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert 'class="tally"' not in page and re.search(r"1 (of|sur) 2", page)
    answer = client.get(f"/api/v1/amendments/{amendment.id}").get_json()["vote"]
    assert answer["tally"] is None and answer["ballots_cast"] == 1
    assert client.get(f"/api/v1/votes/{vote.id}").get_json()["tally"] is None
    record = client.get("/audit").get_data(as_text=True)
    entry = record.split('data-kind="ballot.cast"')[1].split("</li>")[0]
    assert "Delegate" not in entry and "Organisation A" not in entry
    by_organisation = client.get(f"/audit?organisation={people['org_a'].slug}").get_data(as_text=True)
    assert 'data-kind="ballot.cast"' not in by_organisation
    files = archive_files()
    assert b'"against"' not in files["ballots.json"] and b'"against"' not in files["ballot_events.json"]
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    answer = client.get(f"/api/v1/amendments/{amendment.id}").get_json()["vote"]
    assert answer["tally"] == {"for": 0, "against": 1, "abstain": 0}
    record = client.get("/audit").get_data(as_text=True)
    assert "Organisation A" in record.split('data-kind="ballot.cast"')[1].split("</li>")[0]


def test_a_facilitator_closes_a_vote_now_recorded(client, open_vote, people, login_as):
    votes.cast_ballot(open_vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    votes.cast_ballot(open_vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    db.session.commit()
    url = f"/amendments/{open_vote.subject_id}"
    login_as("delegate_a")
    assert post_form(client, url + "/vote/close", {}, token_from=url).status_code == 403
    post_form(client, "/logout", {}, token_from="/")
    login_as("facilitator")
    assert post_form(client, url + "/vote/close", {}, token_from=url).status_code == 302
    db.session.expire_all()
    assert open_vote.status == "closed" and open_vote.outcome == "accepted"
    assert open_vote.closes_at == open_vote.closed_at
    assert "vote.closed_early" in client.get("/audit").get_data(as_text=True)


def test_a_facilitator_extends_a_vote_page_and_api(client, open_vote, people, login_as):
    url = f"/amendments/{open_vote.subject_id}"
    before = open_vote.closes_at
    login_as("facilitator")
    later = (before + timedelta(days=2)).replace(second=0, microsecond=0)
    typed = later.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M")  # as the page shows times
    assert post_form(client, url + "/vote/extend", {"closes_at": typed}, token_from=url).status_code == 302
    db.session.expire_all()
    assert open_vote.closes_at == later
    with pytest.raises(Invalid):
        votes.extend_vote(open_vote, by=people["facilitator"], now=utcnow(), closes_at=before)
    token = client.post("/api/v1/tokens", json={"email": people["facilitator"].email,
                                                "password": "correct horse"}).get_json()["token"]
    answer = client.post(f"/api/v1/votes/{open_vote.id}/extend", json={"closes_at": "2099-01-01T10:00:00+00:00"},
                         headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.get_json()["closes_at"].startswith("2099-01-01T10:00")
    closed = client.post(f"/api/v1/votes/{open_vote.id}/close", headers={"Authorization": f"Bearer {token}"})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    with pytest.raises(Conflict):
        votes.extend_vote(open_vote, by=people["facilitator"], now=utcnow(), closes_at=before + timedelta(days=9))
    kinds = [entry for entry in ("vote.extended", "vote.closed_early") if entry in client.get("/audit").get_data(as_text=True)]
    assert kinds == ["vote.extended", "vote.closed_early"]


def test_the_voting_period_takes_its_advertised_minimum(client, charter, login_as):  # noqa: F811
    login_as("facilitator")
    answer = post_form(client, "/documents/charte/rules", {"quorum": "50", "threshold": "50", "discussion_days": "0",
                                                             "voting_days": "0,01"})
    assert answer.status_code == 302
    db.session.refresh(charter)
    assert charter.voting_days == 0.01


def test_the_vote_api_names_its_subject_and_electorate(client, open_vote, people):
    answer = client.get(f"/api/v1/votes/{open_vote.id}").get_json()
    assert answer["subject"] == {"kind": "amendment", "id": open_vote.subject_id}
    assert answer["electorate"] == sorted([people["org_a"].slug, people["org_b"].slug],
                                          key=lambda slug: {people["org_a"].slug: "Organisation A",
                                                            people["org_b"].slug: "Organisation B"}[slug])
    assert answer["rules"]["proxies_per_holder"] == 1 and answer["method"] == "approval"
    assert db.session.scalar(select(Vote.subject_kind).where(Vote.id == open_vote.id)) == "amendment"
