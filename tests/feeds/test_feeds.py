"""Atom feeds: valid, escaped, public content only, linked from the pages."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest

from app.amendments import services as amendments
from app.comments import services as comments
from app.db_types import utcnow
from app.extensions import db
from app.votes import services as votes
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.text.corpora import all_files, payloads

ATOM = "{http://www.w3.org/2005/Atom}"
EVERY_PAYLOAD = sorted({p for name in all_files() for p in payloads(name) if p.strip()})
SAMPLE = EVERY_PAYLOAD[:: max(1, len(EVERY_PAYLOAD) // 12)] + ["<script>alert(1)</script>]]><![CDATA[<script>"]


def fetch(client, url: str):
    """A feed, in English (titles are translated)."""
    return client.get(url, headers={"Accept-Language": "en"})


def parse(response) -> ET.Element:
    """The feed, checked for what every Atom document needs."""
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert b"<script" not in response.data.lower()
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.iter(f"{ATOM}entry")):
        assert element.find(f"{ATOM}id").text.startswith("http")
        assert element.find(f"{ATOM}title") is not None
        assert "T" in element.find(f"{ATOM}updated").text and element.find(f"{ATOM}updated").text.endswith("+00:00")
    return feed


def titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def propose(charter, person, title="Ne pas vendre", draft=False):  # noqa: F811
    return amendments.create_amendment(charter, author=person, title=title, rationale="Parce que.",
                                       markdown=amended(CHARTER, "revendre", "vendre"), base_number=1,
                                       now=utcnow(), draft=draft)


def test_activity_feed_has_versions_amendments_and_votes(client, charter, people):  # noqa: F811
    amendment = propose(charter, people["member_a"])
    propose(charter, people["member_a"], title="Brouillon secret", draft=True)
    later = utcnow() + timedelta(days=30)
    vote = votes.open_vote(amendment, by=people["facilitator"], now=later)
    votes.close_vote(vote, now=later + timedelta(days=30))
    db.session.commit()
    found = titles(parse(fetch(client, "/feeds/activity.atom")))
    assert "Charte: version 1" in found
    assert "New amendment: Ne pas vendre" in found
    assert "Vote opened: Ne pas vendre" in found and "Vote closed: Ne pas vendre" in found
    assert not any("Brouillon secret" in title for title in found)


def test_document_feed_is_only_that_document(client, charter, people):  # noqa: F811
    propose(charter, people["member_a"])
    db.session.commit()
    feed = parse(fetch(client, "/documents/charte/feed.atom"))
    assert feed.find(f"{ATOM}title").text == "Charte"
    assert "New amendment: Ne pas vendre" in titles(feed)
    assert client.get("/documents/nope/feed.atom").status_code == 404


def test_amendment_feed_has_comments_and_state_changes_but_not_hidden_ones(client, charter, people):  # noqa: F811
    amendment = propose(charter, people["member_a"])
    comments.comment_on_amendment(amendment, author=people["delegate_b"], body="Bonne idée", now=utcnow())
    rude = comments.comment_on_amendment(amendment, author=people["delegate_b"], body="Insulte", now=utcnow())
    comments.hide_comment(rude, by=people["facilitator"], reason="Hors charte", now=utcnow())
    amendments.withdraw_amendment(amendment, by=people["member_a"], now=utcnow())
    db.session.commit()
    response = fetch(client, f"/amendments/{amendment.id}/feed.atom")
    feed = parse(response)
    assert "Bonne idée" in response.get_data(as_text=True) and "Insulte" not in response.get_data(as_text=True)
    assert any(title.endswith("now withdrawn") for title in titles(feed))


def test_a_draft_has_no_public_feed(client, charter, people):  # noqa: F811
    draft = propose(charter, people["member_a"], draft=True)
    db.session.commit()
    assert client.get(f"/amendments/{draft.id}/feed.atom").status_code == 404


@pytest.mark.parametrize("payload", SAMPLE)
def test_hostile_text_is_escaped(client, charter, people, payload):  # noqa: F811
    title = payload.replace("\n", " ")[:200].strip() or "x"
    amendment = propose(charter, people["member_a"], title=title)
    comments.comment_on_amendment(amendment, author=people["member_a"], body=payload[:10_000], now=utcnow())
    db.session.commit()
    for url in ("/feeds/activity.atom", "/documents/charte/feed.atom", f"/amendments/{amendment.id}/feed.atom"):
        parse(fetch(client, url))


def test_pages_link_their_feeds(client, charter, people):  # noqa: F811
    amendment = propose(charter, people["member_a"])
    db.session.commit()
    for page, feed in (("/", "/feeds/activity.atom"), ("/documents/charte", "/documents/charte/feed.atom"),
                       (f"/amendments/{amendment.id}", f"/amendments/{amendment.id}/feed.atom")):
        html = client.get(page).get_data(as_text=True)
        assert '<link rel="alternate" type="application/atom+xml"' in html and f'href="{feed}"' in html


def every_address(feed: ET.Element) -> list[str]:
    """Every id and link of the feed and its entries."""
    return ([element.text for element in feed.iter(f"{ATOM}id")]
            + [element.get("href") for element in feed.iter(f"{ATOM}link")])


def test_ids_and_links_are_on_the_base_url_whatever_the_host_or_scheme(app, client, charter, people):  # noqa: F811
    """Validators' issue 23.4: an Atom id is permanent; the request's Host and scheme must not change it."""
    app.config["PALABRE_BASE_URL"] = "https://palabre.example"
    amendment = propose(charter, people["member_a"])
    comments.comment_on_amendment(amendment, author=people["delegate_b"], body="Bonne idée", now=utcnow())
    db.session.commit()
    for url in ("/feeds/activity.atom", "/documents/charte/feed.atom", f"/amendments/{amendment.id}/feed.atom"):
        seen = [every_address(parse(client.get(url, base_url=base, headers={"Accept-Language": "en"})))
                for base in ("http://localhost", "https://other.example", "http://attacker.example:8080")]
        assert seen[0] == seen[1] == seen[2]
        assert len(seen[0]) > 3 and all(address.startswith("https://palabre.example/") for address in seen[0])


def test_a_comment_and_a_rationale_are_summarised_as_the_page_shows_them_not_as_markdown(client, charter,  # noqa: F811
                                                                                        people):
    amendment = amendments.create_amendment(
        charter, author=people["member_a"], title="Ne pas vendre", rationale="Il faut **vraiment** changer.",
        markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow())
    comments.comment_on_amendment(amendment, author=people["delegate_b"],
                                  body="Voir [la charte](https://example.org) *avant*.", now=utcnow())
    db.session.commit()
    for url, expected in ((f"/amendments/{amendment.id}/feed.atom", '<a href="https://example.org"'),
                          ("/feeds/activity.atom", "<strong>vraiment</strong>")):
        summaries = list(parse(fetch(client, url)).iter(f"{ATOM}summary"))
        markdown = [s for s in summaries if "**" in s.text or "](" in s.text]
        assert markdown == []
        html = [s for s in summaries if s.get("type") == "html" and expected in s.text]
        assert len(html) == 1
