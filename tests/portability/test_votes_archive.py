"""Votes in the archive: subjects, electorates, proxies and ratifications make the round trip, and an
archive made before votes knew no subject (amendment_id / application_id) still imports."""
from __future__ import annotations

import json
import zipfile

from sqlalchemy import select

from app.db_types import utcnow
from app.documents.queries import get_document, get_version
from app.extensions import db
from app.members.models import Organisation, Person
from app.votes import proxies
from app.votes import services as votes
from app.votes.models import Vote, VoteElector
from tests.portability.test_archive import contents, demo_app, imported_on_the_other_engine  # noqa: F401


def with_ratification_and_proxy(application) -> None:
    with application.app_context():
        facilitator = db.session.scalar(select(Person).where(Person.email == "camille@chls.example"))
        mathilde = db.session.scalar(select(Person).where(Person.email == "mathilde@la-clede.example"))
        holder = db.session.scalar(select(Organisation).where(Organisation.slug != mathilde.organisation.slug,
                                                              Organisation.status == "member"))
        version = get_version(get_document("charte"), 2)
        vote = votes.open_vote_on("version", version, by=facilitator, now=utcnow())
        proxies.give_proxy(vote, by=mathilde, holder=holder, now=utcnow())
        db.session.commit()


def test_votes_of_every_kind_make_the_round_trip(request, tmp_path, database_url, demo_app):  # noqa: F811
    with_ratification_and_proxy(demo_app)
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(first)]).exit_code == 0
    exported = contents(first)
    rows = json.loads(exported["votes.json"])
    assert {row["subject_kind"] for row in rows} == {"amendment", "version"}
    assert [row["subject_id"] for row in rows if row["subject_kind"] == "version"] == ["charte/2"]
    assert json.loads(exported["vote_proxies.json"]) and json.loads(exported["vote_electors.json"])
    with imported_on_the_other_engine(request, tmp_path, database_url, first) as target:
        assert target.test_cli_runner().invoke(args=["export", str(second)]).exit_code == 0
        again = contents(second)
        for name in exported:
            assert exported[name] == again[name], name
        with target.app_context():
            vote = db.session.scalar(select(Vote).where(Vote.subject_kind == "version"))
            assert get_version(get_document("charte"), 2).id == vote.subject_id


def older(archive: dict[str, bytes]) -> dict[str, bytes]:
    """The archive as it was written before this change: one column per subject, no electorate, no proxies."""
    files = {name: data for name, data in archive.items() if name not in ("vote_electors.json", "vote_proxies.json")}
    old_votes = []
    for row in json.loads(archive["votes.json"]):
        row = dict(row)
        kind, subject_id = row.pop("subject_kind"), row.pop("subject_id")
        row.pop("proxies_per_holder")
        row["amendment_id"] = subject_id if kind == "amendment" else None
        row["application_id"] = subject_id if kind == "application" else None
        old_votes.append(row)
    files["votes.json"] = json.dumps(old_votes).encode()
    for name in ("documents.json", "membership_rules.json"):
        files[name] = json.dumps([{k: v for k, v in row.items() if k != "proxies_per_holder"}
                                  for row in json.loads(archive[name])]).encode()
    for name in ("ballots.json", "ballot_events.json"):
        files[name] = json.dumps([{k: v for k, v in row.items() if k != "proxy_holder_id"}
                                  for row in json.loads(archive[name])]).encode()
    return files


def test_an_archive_made_before_votes_knew_no_subject_still_imports(request, tmp_path, database_url,
                                                                   demo_app):  # noqa: F811
    archive = tmp_path / "new.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    exported = contents(archive)
    path = tmp_path / "older.zip"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in older(exported).items():
            target.writestr(name, data)
    with imported_on_the_other_engine(request, tmp_path, database_url, path) as target:
        with target.app_context():
            kinds = [(vote.subject_kind, vote.subject_id, vote.proxies_per_holder)
                     for vote in db.session.scalars(select(Vote).order_by(Vote.id))]
            assert kinds == [(row["subject_kind"], row["subject_id"], 1) for row in json.loads(exported["votes.json"])]
            assert db.session.scalar(select(VoteElector.id).limit(1)) is None  # no electorate invented
            client = target.test_client()
            for vote_id in [vote.id for vote in db.session.scalars(select(Vote))]:
                assert client.get(f"/api/v1/votes/{vote_id}").status_code == 200
