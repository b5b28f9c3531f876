"""The amendment list of a document as a congress works with it (issue 20.4): filters by
clause, section, state, organisation and author; the order of the text or of dates; and the
count beside each clause of the document page, linked to the list of that clause."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.amendments import listing, services
from app.db_types import utcnow
from app.documents import clauses as clause_store
from app.extensions import db
from tests.amendments.conftest import amended

# Titles are the amendments' names in these tests; each changes one clause of the charter.
CHANGES = {
    "Conditions": ("1. Publier nos conditions d'utilisation.", "1. Publier nos conditions, en clair."),
    "Revente": ("2. Ne jamais revendre les données.", "2. Ne jamais revendre ni céder les données."),
    "Voix": ("Chaque organisation dispose d'une voix.", "Chaque organisation dispose d'une voix et une seule."),
}


@pytest.fixture
def proposals(charter, people):
    """Revente (delegate of B, oldest, withdrawn), Voix (member of A), Conditions (delegate of A, newest):
    neither date order is the order of the text (Conditions, Revente, Voix)."""
    start = utcnow() - timedelta(days=3)
    made = {}
    for n, (title, author) in enumerate((("Revente", "delegate_b"), ("Voix", "member_a"),
                                          ("Conditions", "delegate_a"))):
        old, new = CHANGES[title]
        made[title] = services.create_amendment(
            charter, author=people[author], title=title, rationale="Plus clair.",
            markdown=amended(charter.versions[-1].markdown, old, new), base_number=1, now=start + timedelta(hours=n))
    services.withdraw_amendment(made["Revente"], by=people["delegate_b"], now=utcnow())
    db.session.commit()
    return made


def titles(client, query: str = "") -> list[str]:
    page = client.get(f"/documents/charte/amendments{query}")
    assert page.status_code == 200
    return re.findall(r'class="amendment-item__title"><a href="/amendments/\d+">([^<]+)</a>', page.get_data(as_text=True))


def clause_id_of(charter, text: str) -> str:
    return next(c.clause_id for c in clause_store.clauses_of(charter.id, 1) if text in c.source)


def test_the_list_follows_the_order_of_the_text_by_default_and_dates_on_request(client, proposals):
    assert titles(client, "?status=all") == ["Conditions", "Revente", "Voix"]
    assert titles(client, "?status=all&sort=newest") == ["Conditions", "Voix", "Revente"]
    assert titles(client, "?status=all&sort=oldest") == ["Revente", "Voix", "Conditions"]


def test_filters_by_state_organisation_and_author(client, proposals, people):
    assert titles(client) == ["Conditions", "Voix"]  # open ones: the withdrawn amendment is gone
    assert titles(client, "?status=withdrawn") == ["Revente"]
    assert titles(client, "?status=all&organisation=org-a") == ["Conditions", "Voix"]
    assert titles(client, "?status=all&organisation=org-b") == ["Revente"]
    assert titles(client, f"?status=all&author={people['member_a'].id}") == ["Voix"]


def test_filters_by_clause_and_by_section(client, charter, proposals):
    clause = clause_id_of(charter, "revendre")
    assert titles(client, f"?status=all&clause={clause}") == ["Revente"]
    engagements = clause_id_of(charter, "## Engagements")
    life = clause_id_of(charter, "## Vie du collectif")
    assert titles(client, f"?status=all&section={engagements}") == ["Conditions", "Revente"]
    assert titles(client, f"?status=all&section={life}") == ["Voix"]


def test_an_author_number_beyond_any_id_shows_the_whole_list(client, proposals):
    # 2**31 and more overflowed PostgreSQL's INTEGER column: a 500 there.
    assert len(titles(client, "?status=all&author=99999999999")) == len(titles(client, "?status=all"))


def test_unknown_filters_show_the_whole_list_rather_than_an_error(client, proposals):
    assert titles(client, "?status=nonsense&clause=nope&section=nope&sort=sideways&author=x") == [
        "Conditions", "Voix"]


def test_the_document_page_counts_the_amendments_waiting_on_each_clause_and_links_to_them(client, charter,
                                                                                            proposals, people):
    old, new = CHANGES["Voix"]
    services.create_amendment(charter, author=people["delegate_b"], title="Voix bis", rationale="Autrement.",
                              markdown=amended(charter.versions[-1].markdown, old, new + " Toujours."),
                              base_number=1, now=utcnow())
    db.session.commit()
    page = client.get("/documents/charte").get_data(as_text=True)
    voice = clause_id_of(charter, "une voix")
    link = f'href="/documents/charte/amendments?clause={voice}"'
    assert link in page
    assert re.search(re.escape(link) + r'[^>]*>2 (amendements en attente|amendments waiting)<', page)
    conditions = clause_id_of(charter, "conditions")
    assert re.search(rf'amendments\?clause={conditions}"[^>]*>1 (amendement en attente|amendment waiting)<', page)
    withdrawn = clause_id_of(charter, "revendre")  # withdrawn: nothing waits there
    assert f"amendments?clause={withdrawn}" not in page
    assert titles(client, f"?clause={voice}") == ["Voix", "Voix bis"]


def test_the_pages_of_a_long_list_link_to_each_other_keeping_the_filters(client, proposals, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 1)
    first = client.get("/documents/charte/amendments?status=all&sort=oldest").get_data(as_text=True)
    assert "Page 1 sur 3" in first and ">Précédente</a>" not in first  # the client reads French
    next_link = re.search(r'<nav class="pagination".*?<a href="([^"]+)">Suivante</a>', first, re.S).group(1)
    assert titles(client, next_link.split("amendments", 1)[1].replace("&amp;", "&")) == ["Voix"]
    last = client.get("/documents/charte/amendments?status=all&sort=oldest&page=3").get_data(as_text=True)
    assert "Page 3 sur 3" in last and ">Précédente</a>" in last and ">Suivante</a>" not in last
