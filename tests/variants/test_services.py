"""A ranked vote between competing amendments, through the services: opening, ranked ballots (one by proxy),
the Schulze count, adoption of the winner and *not retained* for the others (issue 15)."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.amendments import services as amendments
from app.audit.models import AuditEntry
from app.db_types import utcnow
from app.documents.queries import get_version
from app.documents.reading import supports
from app.errors import Conflict, Invalid
from app.extensions import db
from app.record.verify import verify_all
from app.variants import services as variants
from app.variants.models import VariantSet
from app.votes import proxies
from app.votes import services as votes
from app.votes.models import Ballot

from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.variants.conftest import five, rivals  # noqa: F401  (fixtures)


def open_on(charter, rivals, people, **kwargs):  # noqa: F811
    return variants.open_variant_vote(charter, [a.id for a in rivals], by=people["facilitator"],
                                      now=utcnow() - timedelta(days=8), **kwargs)


def rank(vote, person, *keys, on_behalf_of=None):
    """Cast a ranking given as "a12", ["a13", "current"], … (a list is a tie)."""
    tiers = [[key] if isinstance(key, str) else key for key in keys]
    return votes.cast_ballot(vote, by=person, choice=None, ranking=tiers, justification="", now=utcnow() - timedelta(days=7),
                             on_behalf_of=on_behalf_of)


def test_the_condorcet_winner_not_the_plurality_winner_is_merged_and_the_others_not_retained(
        charter, rivals, people, five):  # noqa: F811
    vendre, ceder, transmettre = rivals
    vote = open_on(charter, rivals, people)
    v, c, t = (f"a{a.id}" for a in rivals)
    assert vote.method == "ranked" and [a.status for a in rivals] == ["voting"] * 3
    rank(vote, five["a"], v, c, t, "current")
    rank(vote, five["b"], v, c, t, "current")
    rank(vote, five["c"], c, t, "current", v)
    rank(vote, five["d"], t, c, "current", v)
    # E gives its proxy to C, whose delegate casts it: Vendre has the most first places (2), Céder wins head to head.
    proxies.give_proxy(vote, by=five["e"], holder=five["c"].organisation, now=utcnow() - timedelta(days=7, hours=1))
    rank(vote, five["c"], "current", c, v, t, on_behalf_of=five["e"].organisation)
    vote.closes_at = utcnow() - timedelta(seconds=1)
    assert votes.close_vote(vote, now=utcnow())
    db.session.commit()
    result = json.loads(vote.result_json)
    assert result["winner"] == c and result["pairwise"][c][v] == 3 and result["pairwise"][v][c] == 2
    assert vote.outcome == "accepted" and (vote.count_for, vote.count_against) == (4, 1)
    assert ceder.status == "accepted" and ceder.merged_version is not None
    assert "Ne jamais céder les données." in get_version(charter, 2).markdown
    assert get_version(charter, 2).vote_id == vote.id
    assert vendre.status == transmettre.status == "not_retained"
    assert db.session.scalar(select(Ballot.proxy_holder_id).where(Ballot.vote_id == vote.id,
                                                                  Ballot.organisation_id == five["e"].organisation_id))
    kinds = [entry.kind for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "vote.closed" in kinds and kinds.count("amendment.state_changed") >= 6
    assert verify_all()["ok"]
    support = supports([ceder.id])[ceder.id]  # blame: who voted for the amendment that made version 2
    assert (support.count_for, support.count_against) == (4, 1)
    assert support.names_for == ["Organisation A", "Organisation B", "Organisation C", "Organisation D"]


def test_when_the_winner_does_not_beat_the_current_text_by_the_threshold_nothing_is_adopted(
        charter, rivals, people, five):  # noqa: F811
    charter.threshold = 0.6667
    vote = open_on(charter, rivals, people)
    v, c, t = (f"a{a.id}" for a in rivals)
    for key in ("a", "b", "c"):
        rank(vote, five[key], v, "current")
    for key in ("d", "e"):
        rank(vote, five[key], "current", v)
    vote.closes_at = utcnow() - timedelta(seconds=1)
    votes.close_vote(vote, now=utcnow())
    assert json.loads(vote.result_json)["winner"] == v and vote.outcome == "rejected"  # 3/5 < 2/3
    assert [a.status for a in rivals] == ["rejected", "not_retained", "not_retained"]
    assert charter.head_number == 1


def test_when_the_current_text_wins_every_amendment_is_rejected(charter, rivals, people, five):  # noqa: F811
    vote = open_on(charter, rivals, people)
    for key in five:
        rank(vote, five[key], "current")
    vote.closes_at = utcnow() - timedelta(seconds=1)
    votes.close_vote(vote, now=utcnow())
    assert vote.outcome == "rejected" and [a.status for a in rivals] == ["rejected"] * 3


def test_without_quorum_nothing_is_decided_for_any(charter, rivals, people, five):  # noqa: F811
    vote = open_on(charter, rivals, people)
    rank(vote, five["a"], f"a{rivals[0].id}")
    vote.closes_at = utcnow() - timedelta(seconds=1)
    votes.close_vote(vote, now=utcnow())
    assert vote.outcome == "no_quorum" and [a.status for a in rivals] == ["rejected"] * 3


def test_a_ballot_is_changed_until_the_close_and_ties_are_kept(charter, rivals, people, five):  # noqa: F811
    vote = open_on(charter, rivals, people)
    v, c, t = (f"a{a.id}" for a in rivals)
    rank(vote, five["a"], v)
    ballot = rank(vote, five["a"], [c, t], "current")
    assert json.loads(ballot.ranking) == [[c, t], ["current"]]
    assert db.session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id).limit(2)) == ballot.id


@pytest.mark.parametrize("ranking", [[["a999"]], [["current"], ["current"]], "current", [[1]]])
def test_a_ranking_naming_an_unknown_option_or_one_twice_is_refused(charter, rivals, people, five, ranking):  # noqa: F811
    vote = open_on(charter, rivals, people)
    with pytest.raises(Invalid) as refusal:
        votes.cast_ballot(vote, by=five["a"], choice=None, ranking=ranking, justification="",
                          now=utcnow() - timedelta(days=7))
    assert refusal.value.code == "invalid_ranking"


def test_only_competing_amendments_in_discussion_after_their_period(charter, rivals, people):  # noqa: F811
    with pytest.raises(Invalid):
        variants.open_variant_vote(charter, [rivals[0].id], by=people["facilitator"], now=utcnow())
    with pytest.raises(Conflict) as early:
        variants.open_variant_vote(charter, [a.id for a in rivals], by=people["facilitator"],
                                   now=rivals[0].status_changed_at + timedelta(days=1))
    assert early.value.code == "discussion_period"
    assert db.session.scalar(select(db.func.count()).select_from(VariantSet)) == 0


def test_amendments_changing_different_clauses_do_not_compete(charter, rivals, people):  # noqa: F811
    other = amendments.create_amendment(charter, author=people["member_a"], title="Serveurs", rationale="R.",
                                        markdown=amended(CHARTER, "propres serveurs", "serveurs"), base_number=1,
                                        now=utcnow() - timedelta(days=20))
    with pytest.raises(Invalid) as refusal:
        variants.open_variant_vote(charter, [rivals[0].id, other.id], by=people["facilitator"], now=utcnow())
    assert refusal.value.code == "not_competing"


def test_cancelling_returns_every_amendment_to_discussion(charter, rivals, people):  # noqa: F811
    vote = open_on(charter, rivals, people)
    votes.cancel_vote(vote, by=people["facilitator"], now=utcnow() - timedelta(days=7))
    assert [a.status for a in rivals] == ["discussion"] * 3
