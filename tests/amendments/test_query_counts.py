"""An amendment's page sends as many SQL statements in a congress as in a small world, even when nothing of it
is kept yet: however many clauses its base has, however many threads and replies its discussion holds."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from app.amendments import services as amendment_services
from app.amendments.models import Amendment
from app.comments import services as comment_services
from app.comments.models import Comment
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db
from app.votes import proxies
from app.votes import services as vote_services
from tests.conftest import PASSWORD
from tests.documents.helpers import count_queries, paragraphs
from tests.support.forms import login


def amendment_in_vote(slug: str, people, *, clauses: int, threads: int) -> int:
    """A document of `clauses` paragraphs and an amendment to it in vote, with a ballot, `threads` threads
    and a reply to each (the mass by plain INSERTs, as bench/congress.py writes them)."""
    text = paragraphs(clauses)
    document = create_document(slug, slug.title(), text, author=people["facilitator"], now=utcnow(), summary="v1")
    amendment = amendment_services.create_amendment(
        document, author=people["member_a"], title="Changer", rationale="Plus clair.",
        markdown=text.replace("Paragraphe 1.", "Paragraphe un.", 1), base_number=1,
        now=utcnow() - timedelta(days=20))
    first = comment_services.comment_on_amendment(amendment, author=people["member_a"], body="Mon avis.",
                                                  now=utcnow())
    comment_services.comment_on_amendment(amendment, author=people["delegate_b"], body="Le mien.", now=utcnow(),
                                          parent=first)
    rows = [{"document_id": document.id, "amendment_id": amendment.id, "author_id": people["delegate_a"].id,
             "organisation_id": people["org_a"].id, "body": f"Fil {n}.", "body_html": f"<p>Fil {n}.</p>",
             "status": "open", "created_at": utcnow()} for n in range(threads)]
    if rows:
        db.session.execute(insert(Comment), rows)
    vote = vote_services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    vote_services.cast_ballot(vote, by=people["delegate_a"], choice="for", justification="", now=utcnow())
    db.session.commit()
    return amendment.id


def cold_queries(app, amendment_id: int) -> int:
    """The statements of a visitor's first look at the page, nothing of it kept before."""
    with count_queries() as seen:
        assert app.test_client().get(f"/amendments/{amendment_id}").status_code == 200
    return len(seen)


def test_a_cold_amendment_page_sends_as_many_queries_in_a_congress_as_in_a_small_world(app, people):
    small = amendment_in_vote("petit", people, clauses=5, threads=0)
    # More clauses than fit one IN list, more threads than one SELECT … IN of their replies takes.
    large = amendment_in_vote("congres", people, clauses=620, threads=520)
    app.test_client().get("/")  # what the app keeps for every page (the collective's identity) is read once
    assert cold_queries(app, small) == cold_queries(app, large)


def test_a_delegate_holding_proxies_sends_as_many_queries_as_one_holding_none(app, people, make_organisation,
                                                                               make_person):
    givers = [make_person(f"delegate@{slug}.example", make_organisation(slug), delegate=True)
              for slug in ("org-d", "org-e")]
    free = make_person("delegate@org-f.example", make_organisation("org-f"), delegate=True)
    amendment_id = amendment_in_vote("petit", people, clauses=5, threads=0)
    vote = vote_services.current_vote(db.session.get(Amendment, amendment_id))
    vote.proxies_per_holder = 2
    for giver in givers:
        proxies.give_proxy(vote, by=giver, holder=people["org_b"], now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment_id}"
    counts, pages = {}, {}
    for role, email in (("holder", people["delegate_b"].email), ("free", free.email)):  # two proxies; none
        browser = app.test_client()
        login(browser, email, PASSWORD)
        assert browser.get(url).status_code == 200  # what is kept for their class is built
        with count_queries() as seen:
            pages[role] = browser.get(url).get_data(as_text=True)
        counts[role] = len(seen)
    assert all(f'name="on_behalf_of" value="{slug}"' in pages["holder"] for slug in ("org-d", "org-e"))
    assert counts["holder"] == counts["free"], counts
