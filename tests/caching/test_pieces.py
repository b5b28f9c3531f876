"""Pieces of logged-in pages kept for a permission class (app/caching/pieces.py, issue 20.2): two people
of the same class each see their own name, CSRF token, ballot and follow state and never the other's, a
person of another class never gets a piece made for a class they are not in, and a change shows at once
to the next reader."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.amendments import services as amendment_services
from app.comments import services as comment_services
from app.comments.queries import threads_of_amendment
from app.db_types import utcnow
from app.documents.services import create_version
from app.extensions import db
from app.votes import proxies
from app.votes import services as vote_services
from app.watches import services as watch_services
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)
from tests.caching.conftest import FR, page
from tests.conftest import PASSWORD
from tests.support.forms import login

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def proposed(charter, author, title: str = "Vendre", *, new: str = "vendre", days: int = 0,  # noqa: F811
             draft: bool = False):
    """An amendment of the charter's second commitment ("revendre" becomes `new`) made `days` ago, committed."""
    amendment = amendment_services.create_amendment(
        charter, author=author, title=title, rationale="Plus clair.", markdown=amended(CHARTER, "revendre", new),
        base_number=1, now=utcnow() - timedelta(days=days), draft=draft)
    db.session.commit()
    return amendment


@pytest.fixture
def voting(charter, people):  # noqa: F811
    """An amendment in voting, with a thread of its discussion written by member_a."""
    amendment = proposed(charter, people["member_a"], days=20)
    comment_services.comment_on_amendment(amendment, author=people["member_a"], body="Mon avis.", now=utcnow())
    vote = vote_services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    return amendment, vote


def test_two_members_of_one_class_each_get_their_own_name_and_token_on_the_text(charter, reader, people):  # noqa: F811
    first, second = reader("member_a"), reader("delegate_b")
    one, two = page(first, "/documents/charte"), page(second, "/documents/charte")
    assert people["member_a"].name in one and people["member_a"].name not in two
    assert people["delegate_b"].name in two and people["delegate_b"].name not in one
    tokens_one, tokens_two = set(TOKEN.findall(one)), set(TOKEN.findall(two))
    assert tokens_one and tokens_two and not tokens_one & tokens_two
    assert "proposer une modification" in one and "proposer une modification" in two  # the same kept margin


def test_each_delegate_sees_their_own_organisations_ballot_and_tokens_on_the_vote_page(voting, reader, people):
    amendment, vote = voting
    vote_services.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="", now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    mine, theirs = page(reader("delegate_a"), url), page(reader("delegate_b"), url)
    assert "Votre organisation a voté « contre »" in mine
    assert "Votre organisation a voté" not in theirs and "Organisation B" in theirs
    assert "Bulletin de Organisation A" in mine and "Bulletin de Organisation A" not in theirs
    assert not set(TOKEN.findall(mine)) & set(TOKEN.findall(theirs)) and "csrf:" not in mine + theirs
    # The ballots as cast are the record, the same for both:
    assert mine.count('class="ballot ballot--against"') == theirs.count('class="ballot ballot--against"') == 1


def test_a_new_ballot_shows_at_once_to_the_next_reader(voting, reader, people):
    amendment, vote = voting
    browser = reader("member_a")
    assert "Aucun bulletin pour l’instant." in page(browser, f"/amendments/{amendment.id}")
    vote_services.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="Oui.", now=utcnow())
    db.session.commit()
    again = page(browser, f"/amendments/{amendment.id}")
    assert 'class="ballot ballot--for"' in again and "Oui." in again


def test_only_the_author_of_a_comment_gets_its_edit_buttons_however_it_was_kept(voting, reader, people):
    amendment, _vote = voting
    url, comment_id = f"/amendments/{amendment.id}", amendment_comment_id(amendment)
    withdraw = f"/comments/{comment_id}/withdraw"
    other = page(reader("delegate_a"), url)  # the class of members who wrote nothing here: built first
    author = page(reader("member_a"), url)
    same_class = page(reader("delegate_b"), url)  # as delegate_a: its kept threads
    assert withdraw in author and "Mon avis." in author
    assert withdraw not in other and withdraw not in same_class and "Mon avis." in same_class


def amendment_comment_id(amendment) -> int:
    return threads_of_amendment(amendment.id)[0].id


def test_a_new_comment_shows_at_once_in_the_kept_discussion(voting, reader, people):
    amendment, _vote = voting
    browser = reader("delegate_a")
    assert "Une réponse neuve." not in page(browser, f"/amendments/{amendment.id}")
    comment_services.comment_on_amendment(amendment, author=people["delegate_b"], body="Une réponse neuve.",
                                          now=utcnow())
    db.session.commit()
    assert "Une réponse neuve." in page(browser, f"/amendments/{amendment.id}")


def test_follow_state_is_each_readers_own(charter, reader, people):  # noqa: F811
    watch_services.follow(people["delegate_a"], watch_services.target_of(charter), now=utcnow())
    db.session.commit()
    not_following = page(reader("delegate_b"), "/documents/charte")  # the kept text built for the class first
    following = page(reader("delegate_a"), "/documents/charte")
    assert "Suivi — arrêter" in following and "Suivre ce texte" not in following
    assert "Suivi — arrêter" not in not_following and "Suivre ce texte" in not_following


def test_an_edited_amendment_shows_its_new_change_at_once(charter, reader, people):  # noqa: F811
    amendment = proposed(charter, people["member_a"])
    browser = reader("delegate_b")
    assert "louer" not in page(browser, f"/amendments/{amendment.id}")
    amendment_services.edit_amendment(amendment, by=people["member_a"], title="Louer", rationale="Mieux.",
                                      markdown=amended(CHARTER, "revendre", "louer"), now=utcnow())
    db.session.commit()
    assert "louer" in page(browser, f"/amendments/{amendment.id}")


def test_an_edit_of_the_text_alone_shows_at_once_on_the_amendment_page(charter, reader, people):  # noqa: F811
    amendment = proposed(charter, people["member_a"], new="troquer")
    for browser in (reader("delegate_b"), reader("member_a")):  # a reader, and its author (another class)
        assert "troquer" in page(browser, f"/amendments/{amendment.id}")
        amendment_services.edit_amendment(amendment, by=people["member_a"], title="Vendre", rationale="Plus clair.",
                                          markdown=amended(CHARTER, "revendre", "mutualiser"), now=utcnow())
        db.session.commit()
        shown = page(browser, f"/amendments/{amendment.id}")
        assert "mutualiser" in shown and "troquer" not in shown
        amendment_services.edit_amendment(amendment, by=people["member_a"], title="Vendre", rationale="Plus clair.",
                                          markdown=amended(CHARTER, "revendre", "troquer"), now=utcnow())
        db.session.commit()


def test_a_draft_in_the_list_is_its_authors_and_facilitators_only(charter, reader, people):  # noqa: F811
    proposed(charter, people["member_a"], "Brouillon secret", draft=True)
    url = "/documents/charte/amendments?status=all"
    before = page(reader("delegate_a"), url)  # built first for members without drafts
    assert "Brouillon secret" in page(reader("member_a"), url)
    assert "Brouillon secret" in page(reader("facilitator"), url)
    assert "Brouillon secret" not in before and "Brouillon secret" not in page(reader("delegate_b"), url)


def test_a_withdrawn_amendment_leaves_the_open_list_at_once(charter, reader, people):  # noqa: F811
    amendment = proposed(charter, people["member_a"], "Vendre tout")
    browser = reader("delegate_a")
    assert "Vendre tout" in page(browser, "/documents/charte/amendments")
    amendment_services.withdraw_amendment(amendment, by=people["member_a"], now=utcnow())
    db.session.commit()
    assert "Vendre tout" not in page(browser, "/documents/charte/amendments")


def test_a_token_spliced_into_a_kept_thread_is_the_readers_own_and_is_accepted(voting, reader, people):
    amendment, _vote = voting
    page(reader("delegate_b"), f"/amendments/{amendment.id}")  # the threads kept by someone else first
    browser = reader("delegate_a")
    html = page(browser, f"/amendments/{amendment.id}")
    reply_form = html.split('name="parent_id"')[0].rsplit("<form", 1)[1]
    token = TOKEN.search(reply_form).group(1)
    answer = browser.post(f"/amendments/{amendment.id}/comments", headers=FR,
                          data={"csrf_token": token, "parent_id": amendment_comment_id(amendment),
                                "body": "Je réponds."})
    assert answer.status_code == 302
    assert "Je réponds." in page(browser, f"/amendments/{amendment.id}")


def test_an_older_version_no_longer_offers_to_propose_once_a_new_one_is_made(charter, reader, people):  # noqa: F811
    browser = reader("delegate_a")
    assert "/amendments/new?clause=" in page(browser, "/documents/charte/versions/1")
    create_version(charter, amended(CHARTER, "revendre", "vendre"), author=people["facilitator"], now=utcnow(),
                   summary="v2")
    db.session.commit()
    assert "/amendments/new?clause=" not in page(browser, "/documents/charte/versions/1")
    assert "/amendments/new?clause=" in page(browser, "/documents/charte")


def test_a_visitors_kept_page_is_kept_with_its_pieces_in_place(app, charter):  # noqa: F811
    for _ in range(3):  # built and kept, then served from the store, then before Flask
        history = app.test_client().get("/documents/charte/history", headers=FR).get_data(as_text=True)
        assert "<h1>Charte" in history and "<!--piece:" not in history


def test_only_its_author_gets_edit_and_withdraw_however_the_page_was_kept(charter, reader, people):  # noqa: F811
    amendment = proposed(charter, people["member_a"], "Vendre")
    url = f"/amendments/{amendment.id}"
    edit, withdraw = f"{url}/edit", f"{url}/withdraw"
    other = page(reader("delegate_a"), url)  # the parts built first for members who may not edit it
    browser = reader("member_a")
    author = page(browser, url)
    assert edit in author and withdraw in author
    assert edit not in other and withdraw not in other and "Plus clair." in other
    assert withdraw not in page(reader("delegate_b"), url)
    form = author.split(f'action="{withdraw}"')[1].split("</form>")[0]
    token = TOKEN.search(form).group(1)
    assert token not in other and "csrf:" not in author
    assert browser.post(withdraw, data={"csrf_token": token}, headers=FR).status_code == 302
    assert amendment.status == "withdrawn"


def test_a_proxy_is_seen_by_the_two_organisations_it_binds_only(app, charter, reader, people,  # noqa: F811
                                                               make_organisation, make_person):
    make_person("delegate@d.example", make_organisation("org-d", name="Organisation D"), delegate=True)
    amendment = proposed(charter, people["member_a"], "Vendre", days=20)
    vote = vote_services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    outsider_before = page(reader("delegate_a"), url)  # every class's parts kept before the proxy is given
    assert "/proxy/revoke" not in outsider_before
    proxies.give_proxy(vote, by=people["delegate_a"], holder=people["org_b"], now=utcnow())
    db.session.commit()
    giver, holder = page(reader("delegate_a"), url), page(reader("delegate_b"), url)
    browser = app.test_client()
    login(browser, "delegate@d.example", PASSWORD)
    outsider = page(browser, url)
    assert "/proxy/revoke" in giver and "/proxy/revoke" not in holder + outsider
    behalf = 'name="on_behalf_of" value="org-a"'
    assert behalf in holder and behalf not in giver + outsider
    assert not set(TOKEN.findall(giver)) & set(TOKEN.findall(holder))


def test_the_ranked_vote_form_is_the_facilitators_only_and_its_token_their_own(charter, reader, people):  # noqa: F811
    first = proposed(charter, people["member_a"], "Vendre")
    proposed(charter, people["delegate_b"], "Louer", new="louer")
    url = f"/amendments/{first.id}"
    member = page(reader("delegate_a"), url)  # the competitors kept first for those who may not decide them
    facilitator = page(reader("facilitator"), url)
    assert "Louer" in member and "Louer" in facilitator
    assert "variant-form" in facilitator and "variant-form" not in member
    assert "variant-form" not in page(reader("delegate_b"), url)
    form = facilitator.split('class="stack panel variant-form"')[1].split("</form>")[0]
    assert TOKEN.search(form).group(1) not in member


def test_the_kept_parts_show_a_competitor_a_new_name_and_a_new_version_at_once(charter, reader, people):  # noqa: F811
    amendment = proposed(charter, people["member_a"], "Vendre")
    browser, url = reader("delegate_b"), f"/amendments/{amendment.id}"
    before = page(browser, url)
    assert "Amendements concurrents" not in before and "la version actuelle est" not in before
    proposed(charter, people["delegate_a"], "Louer plutôt", new="louer")
    people["member_a"].name = "Autre Nom"
    create_version(charter, amended(CHARTER, "Chaque organisation", "Toute organisation"), author=people["facilitator"],
                   now=utcnow(), summary="v2")
    db.session.commit()
    after = page(browser, url)
    assert "Louer plutôt" in after and "Proposé par Autre Nom" in after and "la version actuelle est la 2" in after
    amendment_services.withdraw_amendment(amendment, by=people["member_a"], now=utcnow())
    db.session.commit()
    assert page(browser, url).count("retiré") > before.count("retiré")


def test_two_delegates_of_one_organisation_share_its_ballot_part_each_with_their_own_token(voting, reader, people):
    amendment, vote = voting
    vote_services.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="Non.", now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    first = page(reader("delegate_a"), url)  # the organisation's part kept by its first delegate
    browser = reader("delegate_a2")
    second = page(browser, url)
    member = page(reader("member_a"), url)  # of the organisation, but may not cast its ballot
    assert "Votre organisation a voté « contre »" in first and "Votre organisation a voté « contre »" in second
    assert "Bulletin de Organisation A" not in member and "Votre organisation a voté" not in member
    form = second.split('class="stack panel ballot-form"')[1].split("</form>")[0]
    token = TOKEN.search(form).group(1)
    assert token not in first and "csrf:" not in second
    answer = browser.post(f"/amendments/{amendment.id}/vote/ballot", headers=FR,
                          data={"csrf_token": token, "choice": "for", "justification": ""})
    assert answer.status_code == 302
    assert "Votre organisation a voté « pour »" in page(reader("delegate_a"), url)
