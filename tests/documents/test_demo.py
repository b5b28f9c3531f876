"""The demo: the charter with four versions and the manifesto with three, with the rules of demo.json."""
from __future__ import annotations

from datetime import datetime, timezone

from app.demo.seed import load_demo, seed
from app.documents.queries import get_document, list_versions
from app.extensions import db

NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)


def test_the_demo_documents_have_their_history_and_rules(app):
    seed(now=NOW, log=lambda _message: None)
    data = load_demo()
    for slug, count in (("charte", 4), ("manifeste", 3)):
        document = get_document(slug)
        versions = list_versions(document)
        assert document.head_number == count and [v.number for v in versions] == list(range(1, count + 1))
        dates = [v.created_at for v in versions]
        assert dates == sorted(dates) and dates[-1] < NOW
        rules = data["rules"][slug]
        assert (document.quorum, document.threshold, document.voting_days) == (
            rules["quorum"], rules["threshold"], rules["voting_days"])


def test_the_demo_charter_reads_compares_and_blames(app, client):
    seed(now=NOW, log=lambda _message: None)
    db.session.commit()
    for url in ("/documents", "/documents/charte", "/documents/charte/history", "/documents/charte/compare?from=1&to=4",
                "/documents/charte/versions/4/blame", "/documents/manifeste/versions/1.md"):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/documents/charte").json["head_version"] == 4


def test_blame_groups_runs_of_one_change_and_says_who_voted_for_it(app, client):
    """Issue 21: blame repeated the same line thirty times, and did not say who voted for each change."""
    seed(now=NOW, log=lambda _message: None)
    db.session.commit()
    html = client.get("/documents/charte/versions/4/blame").get_data(as_text=True)
    full_notes = html.count('<a class="blame" ')
    continued = html.count('class="blame blame--continued"')
    assert continued > full_notes > 0  # most clauses continue the run above them
    assert "version 1 ·" in html and "même changement · version 1" in html
    assert "voté pour par " in html  # a change adopted by a vote names the organisations for it
