"""The minutes of a closed vote, as a page and as Markdown (issue 14.5)."""
from __future__ import annotations

from datetime import timedelta

from app.db_types import utcnow
from app.extensions import db
from app.votes import proxies
from app.votes import services as votes
from tests.printing.conftest import letters, pdf_pages
from tests.votes.conftest import amendment  # noqa: F401  (fixture)


def closed_vote(amendment, people, *, secret=False):  # noqa: F811
    amendment.document.secret_ballots = secret
    people["candidate_org"].status = "member"
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    proxies.give_proxy(vote, by=people["candidate"], holder=people["org_b"], now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="Plus clair, enfin.", now=utcnow())
    votes.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow(),
                      on_behalf_of=people["candidate_org"])
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return vote


def test_the_minutes_say_everything_a_secretary_files(client, amendment, people):  # noqa: F811
    vote = closed_vote(amendment, people)
    page = client.get(f"/votes/{vote.id}/minutes")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for expected in ("Vendre", "Organisation A", "Organisation B", "Candidate C", "Plus clair, enfin.",
                     "version 2"):
        assert expected in text, expected
    markdown = client.get(f"/votes/{vote.id}/minutes.md")
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    body = markdown.get_data(as_text=True)
    assert body.startswith("# ") and "**Organisation A**" in body and "> Plus clair, enfin." in body
    assert "Candidate C" in body and ("1 ballot came by proxy" in body or "1 bulletin" in body)
    assert "Organisation B" in body.split("Did not vote:" if "Did not vote:" in body else "N’ont pas voté :")[1]


def test_secret_minutes_give_only_the_counts(client, amendment, people):  # noqa: F811
    vote = closed_vote(amendment, people, secret=True)
    body = client.get(f"/votes/{vote.id}/minutes.md").get_data(as_text=True)
    assert "Plus clair, enfin." not in body and "**Organisation A**" not in body
    assert "2" in body.split("##")[-1]


def test_no_minutes_before_the_close(client, amendment, people):  # noqa: F811
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert client.get(f"/votes/{vote.id}/minutes").status_code == 404
    assert client.get(f"/votes/{vote.id}/minutes.md").status_code == 404
    assert client.get("/votes/999999/minutes").status_code == 404


def test_the_minutes_print_as_a_pdf_with_the_same_facts(client, amendment, people):  # noqa: F811
    """What the secretary files on paper (issue 16.3): the same subject, ballots, proxy and outcome as the page."""
    vote = closed_vote(amendment, people)
    answer = client.get(f"/votes/{vote.id}/minutes.pdf")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    assert f'filename="vote-{vote.id}-minutes.pdf"' in answer.headers["Content-Disposition"]
    printed = letters(" ".join(pdf_pages(answer.data)))
    for expected in ("Vendre", "Organisation A", "Candidate C", "Plus clair, enfin.", f"/votes/{vote.id}/minutes"):
        assert letters(expected) in printed, expected
    page = client.get(f"/votes/{vote.id}/minutes").get_data(as_text=True)
    assert f"/votes/{vote.id}/minutes.pdf" in page


def test_no_minutes_pdf_before_the_close(client, amendment, people):  # noqa: F811
    vote = votes.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    assert client.get(f"/votes/{vote.id}/minutes.pdf").status_code == 404
