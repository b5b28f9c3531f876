"""A ranked vote between competing amendments makes the round trip: its set, its ranked ballots and count, the
amendments *not retained* (issue 15)."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.amendments import services as amendments
from app.amendments.models import Amendment
from app.db_types import utcnow
from app.documents.queries import get_document, get_version
from app.extensions import db
from app.members.models import Person
from app.record.verify import verify_all
from app.variants import services as variants
from app.votes import services as votes
from tests.portability.test_archive import contents, demo_app, imported_on_the_other_engine  # noqa: F401


def decided_variant_vote(application) -> list[int]:
    with application.app_context():
        charter = get_document("charte")
        head = get_version(charter, charter.head_number)
        line = next(line for line in head.markdown.splitlines() if len(line) > 40 and line[0].isalpha())
        author = db.session.scalar(select(Person).where(Person.email == "bastien@la-clede.example"))
        opened_at = utcnow() - timedelta(days=10)
        rivals = [amendments.create_amendment(charter, author=author, title=word, rationale="R.",
                                              markdown=head.markdown.replace(line, f"{line} ({word})", 1),
                                              base_number=head.number, now=utcnow() - timedelta(days=40))
                  for word in ("un", "deux")]
        facilitator = db.session.scalar(select(Person).where(Person.email == "camille@chls.example"))
        vote = variants.open_variant_vote(charter, [a.id for a in rivals], by=facilitator, now=opened_at)
        for email in ("mathilde@la-clede.example", "sofie@nuage-commun.example", "yanis@campus-libre-lyon.example",
                      "nicolas@leman-libre.example"):
            delegate = db.session.scalar(select(Person).where(Person.email == email))
            votes.cast_ballot(vote, by=delegate, choice=None, ranking=[[f"a{rivals[1].id}"], ["current"]],
                              justification="", now=opened_at + timedelta(hours=1))
        votes.close_vote(vote, now=utcnow())
        db.session.commit()
        assert [a.status for a in rivals] == ["not_retained", "accepted"]
        return [a.id for a in rivals]


def test_a_ranked_vote_and_its_not_retained_amendment_make_the_round_trip(request, tmp_path, database_url,
                                                                         demo_app):  # noqa: F811
    ids = decided_variant_vote(demo_app)
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(first)]).exit_code == 0
    exported = contents(first)
    assert json.loads(exported["variant_members.json"]) and json.loads(exported["variant_sets.json"])
    assert any(row["method"] == "ranked" and row["result_json"] for row in json.loads(exported["votes.json"]))
    with imported_on_the_other_engine(request, tmp_path, database_url, first) as target:
        assert target.test_cli_runner().invoke(args=["export", str(second)]).exit_code == 0
        again = contents(second)
        for name in exported:
            assert exported[name] == again[name], name
        with target.app_context():
            statuses = [db.session.get(Amendment, amendment_id).status for amendment_id in ids]
            assert statuses == ["not_retained", "accepted"]
            assert verify_all()["ok"]
