"""200 delegates cast and change their ballots at once while others read and comment.

gunicorn (4 workers × 4 threads) on 127.0.0.1, on a SQLite file and on PostgreSQL; a bounded
number of requests (no duration), each checked. Afterwards: one ballot per organisation,
holding the last choice its delegate sent; the API's tally equals the ballots; no 5xx and no
"database is locked" in any answer or in the server's log.
"""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from app.amendments import services as amendment_services
from app.auth import services as auth_services
from app.comments.models import Comment
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db
from app.members import services as member_services
from app.members.models import Organisation
from app.votes import services as vote_services
from app.votes.models import Ballot, BallotEvent
from bench.corpus import change_one_clause, document
from tests.load.conftest import Answer, call, server_log

ORGANISATIONS = 200
COMMENTERS = 20  # delegates who also comment (three comments each, one a reply)
READERS = 6  # anonymous readers, READS requests each
READS = 12
CHOICES = ("for", "against", "abstain")


def final_choices(number: int) -> list[str]:
    """The ballots delegate `number` sends in order: a first choice, then one or two changes."""
    first = CHOICES[number % 3]
    second = CHOICES[(number + 1) % 3]
    return [first, second] if number % 4 else [first, second, CHOICES[(number * 7) % 3]]


def seed() -> dict:
    now = utcnow()
    facilitator = auth_services.create_person("facilitator@load.example", "Facilitation", is_facilitator=True)
    text = document(60, 12_000)
    charter = create_document("charte", "Charte", text, author=facilitator, now=now - timedelta(days=30),
                              summary="v1")
    tokens = []
    for n in range(ORGANISATIONS):
        organisation = member_services.create_organisation(f"org-{n:03d}", f"Organisation {n}")
        delegate = auth_services.create_person(f"delegate@org-{n:03d}.example", f"Délégué {n}",
                                               organisation=organisation, is_delegate=True)
        tokens.append(auth_services.issue_token(delegate))
    amendment = amendment_services.create_amendment(
        charter, author=facilitator, title="Un article modifié", rationale="Pour l'essai de charge.",
        markdown=change_one_clause(text, 3), base_number=1, now=now - timedelta(days=20))
    vote_services.open_vote(amendment, by=facilitator, now=now - timedelta(hours=1))
    db.session.commit()
    return {"tokens": tokens, "amendment": amendment.id, "vote": vote_services.current_vote(amendment).id}


def run_clients(base: str, seeded: dict) -> tuple[list[Answer], dict[int, str], list[BaseException]]:
    amendment = seeded["amendment"]
    clause_ids = [c["id"] for c in call(base, "GET", "/api/v1/documents/charte/versions/1").json()["clauses"]]
    answers: list[Answer] = []
    sent: dict[int, str] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(ORGANISATIONS + COMMENTERS + READERS, timeout=120)

    def keep(answer: Answer) -> Answer:
        answers.append(answer)  # list.append is atomic under the GIL
        return answer

    def delegate(number: int) -> None:
        token = seeded["tokens"][number]
        start.wait()
        for choice in final_choices(number):
            body = {"choice": choice, "justification": f"Choix {choice} de l'organisation {number}"}
            answer = keep(call(base, "PUT", f"/api/v1/amendments/{amendment}/ballot", token=token, body=body))
            if answer.status == 200:
                sent[number] = choice

    def commenter(number: int) -> None:
        token = seeded["tokens"][number]
        clause = clause_ids[1 + number % (len(clause_ids) - 1)]
        start.wait()
        first = keep(call(base, "POST", "/api/v1/documents/charte/versions/1/comments", token=token,
                          body={"clause_id": clause, "body": f"Remarque {number} sur cet article."}))
        if first.status == 201:
            keep(call(base, "POST", "/api/v1/documents/charte/versions/1/comments", token=token,
                      body={"clause_id": clause, "body": "Je précise.", "parent_id": first.json()["id"]}))
        keep(call(base, "POST", f"/api/v1/amendments/{amendment}/comments", token=token,
                  body={"body": f"Avis {number} sur l'amendement."}))

    def reader(number: int) -> None:
        pages = ["/documents/charte", f"/amendments/{amendment}", f"/api/v1/amendments/{amendment}",
                 f"/api/v1/amendments/{amendment}/ballots", "/api/v1/amendments?document=charte",
                 "/documents/charte/history"]
        start.wait()
        for n in range(READS):
            keep(call(base, "GET", pages[(number + n) % len(pages)]))

    def guarded(target, number: int) -> None:
        try:
            target(number)
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            failures.append(error)
            start.abort()

    threads = ([threading.Thread(target=guarded, args=(delegate, n)) for n in range(ORGANISATIONS)]
               + [threading.Thread(target=guarded, args=(commenter, n)) for n in range(COMMENTERS)]
               + [threading.Thread(target=guarded, args=(reader, n)) for n in range(READERS)])
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "clients still running after 3 minutes"
    return answers, sent, failures


def test_concurrent_ballots_leave_one_per_organisation_and_a_true_tally(app, serve, tmp_path):
    seeded = seed()
    with serve(workers=4, threads=4) as base:
        answers, sent, failures = run_clients(base, seeded)
        api_vote = call(base, "GET", f"/api/v1/amendments/{seeded['amendment']}").json()["vote"]
        listed = call(base, "GET",
                      f"/api/v1/amendments/{seeded['amendment']}/ballots?per_page=100&page=2").json()
    log = server_log(tmp_path)

    assert failures == [], failures[:3]
    expected_ballots = ORGANISATIONS * 2 + len([n for n in range(ORGANISATIONS) if n % 4 == 0])
    expected_comments = COMMENTERS * 3
    assert len(answers) == expected_ballots + expected_comments + READERS * READS
    wrong = [(a.method, a.path, a.status, a.body[:200]) for a in answers
             if a.status != (201 if a.method == "POST" else 200)]
    assert wrong == [], wrong[:5]  # no 5xx, and no 4xx either: every client was entitled
    assert not any(b"database is locked" in a.body for a in answers)
    assert "database is locked" not in log and "Traceback" not in log, log[-3000:]

    # Every delegate's last accepted ballot is what its organisation holds, exactly once.
    assert sent == {n: final_choices(n)[-1] for n in range(ORGANISATIONS)}
    db.session.expire_all()
    vote_id = seeded["vote"]
    rows = db.session.execute(
        select(Ballot.organisation_id, func.count()).where(Ballot.vote_id == vote_id)
        .group_by(Ballot.organisation_id)).all()
    assert len(rows) == ORGANISATIONS and {count for _org, count in rows} == {1}
    held = dict(db.session.execute(
        select(Organisation.slug, Ballot.choice).select_from(Ballot).join(Ballot.organisation)
        .where(Ballot.vote_id == vote_id)
    ).all())
    assert held == {f"org-{n:03d}": final_choices(n)[-1] for n in range(ORGANISATIONS)}
    assert db.session.scalar(select(func.count()).select_from(BallotEvent)) == expected_ballots
    counts = {choice: list(sent.values()).count(choice) for choice in CHOICES}
    stored = dict(db.session.execute(
        select(Ballot.choice, func.count()).where(Ballot.vote_id == vote_id).group_by(Ballot.choice)).all())
    assert {c: stored.get(c, 0) for c in CHOICES} == counts
    assert api_vote["tally"] == counts
    assert listed["total"] == ORGANISATIONS
    assert db.session.scalar(select(func.count()).select_from(Comment)) == expected_comments
