"""The amendment page kept as a shell for logged-in readers (app/amendments/views.py: `readers_alike`,
issue 20.2): a second reader of the same class runs no view, and each reader still gets only their own
name, token, follow button and organisation's ballot; the author, a commenter, a facilitator each get a
page of their own; a ballot shows at once; a vote closes and shows closed at its deadline although no
write moved the generation."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.amendments import page_parts
from app.amendments import views as amendment_views
from app.db_types import utcnow
from app.extensions import db
from app.votes import panel as vote_panel
from app.votes import services as vote_services
from app.watches import services as watch_services
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.caching.conftest import FR, page
from tests.caching.test_pieces import TOKEN, proposed, voting  # noqa: F401  (fixture)
from tests.caching.test_shells import MARKS
from tests.conftest import PASSWORD
from tests.support.forms import login

VOTED = "Votre organisation a voté"


def signed_in(html: str) -> str:
    """The name in the page's header, beside the link to the reader's own page."""
    return re.search(r'>([^<>]+)<span class="visually-hidden"> — Votre page', html).group(1)


@pytest.fixture
def views_run(monkeypatch):
    """How many times the amendment page's view built it (a shell served runs none)."""
    built = []
    show_page = amendment_views.show_page

    def counting(*args, **kwargs):
        built.append(1)
        return show_page(*args, **kwargs)
    monkeypatch.setattr(amendment_views, "show_page", counting)
    return built


@pytest.fixture
def member(app, people, make_person):
    """A second member of organisation A who is not a delegate, logged in."""
    make_person("member2@a.example", people["org_a"], name="Second Membre")
    browser = app.test_client()
    login(browser, "member2@a.example", PASSWORD)
    return browser


def test_a_second_member_and_a_second_delegate_of_the_class_run_no_view(voting, reader, people, views_run, member):
    amendment, vote = voting  # by member_a, who also wrote its comment: a class of their own
    people["delegate_a"].name, people["delegate_b"].name = "Déléguée Alpha", "Délégué Bêta"
    vote_services.cast_ballot(vote, by=people["delegate_b"], choice="for", justification="", now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    one, two = page(reader("delegate_a"), url), page(reader("delegate_b"), url)
    assert len(views_run) == 1  # the second delegate was served the first one's shell
    assert signed_in(one) == "Déléguée Alpha" and signed_in(two) == "Délégué Bêta"
    assert "Bulletin de Organisation A" in one and "Bulletin de Organisation B" in two
    assert "Bulletin de Organisation B" not in one and "Bulletin de Organisation A" not in two
    assert VOTED in two and VOTED not in one  # B's ballot, never shown to a delegate of A
    assert not set(TOKEN.findall(one)) & set(TOKEN.findall(two)) and TOKEN.findall(one)
    first, second = page(reader("member_a"), url), page(member, url)  # the author, then a member
    assert len(views_run) == 2  # the author's page is theirs; a member shares the delegates' (the ballot is a hole)
    page(reader("delegate_a2"), url)
    assert len(views_run) == 2
    assert "Bulletin de" not in second
    assert signed_in(second) == "Second Membre" and "Second Membre" not in first + one + two
    assert not MARKS.search(one + two + first + second)


def test_only_the_author_gets_edit_withdraw_and_ask_for_a_vote(charter, reader, people, views_run, member):  # noqa: F811
    amendment = proposed(charter, people["member_a"], "Vendre")
    url = f"/amendments/{amendment.id}"
    other = page(member, url)
    author = page(reader("member_a"), url)
    again = page(reader("delegate_b"), url)
    for action in ("edit", "withdraw", "vote/request"):
        assert f"{url}/{action}" in author, action
        assert f"{url}/{action}" not in other + again, action


def test_following_the_amendment_is_each_readers_own(voting, reader, people, views_run):
    amendment, _vote = voting
    watch_services.follow(people["delegate_a"], watch_services.target_of(amendment.document, amendment=amendment),
                          now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    not_following, following = page(reader("delegate_b"), url), page(reader("delegate_a"), url)
    assert len(views_run) == 1
    assert "Suivi — arrêter" in following and "Suivre cet amendement" not in following
    assert "Suivi — arrêter" not in not_following and "Suivre cet amendement" in not_following
    follow_form = following.split('class="inline-form follow-form"')[1].split("</form>")[0]
    assert f'name="next" value="{url}"' in follow_form and f'name="amendment" value="{amendment.id}"' in follow_form


def test_a_ballot_shows_at_once_to_the_next_delegate_and_to_its_organisation(voting, reader, people):
    amendment, vote = voting
    url = f"/amendments/{amendment.id}"
    assert VOTED not in page(reader("delegate_a"), url)
    vote_services.cast_ballot(vote, by=people["delegate_a2"], choice="against", justification="Non.", now=utcnow())
    db.session.commit()
    mine, theirs = page(reader("delegate_a"), url), page(reader("delegate_b"), url)
    assert "Votre organisation a voté « contre »" in mine and VOTED not in theirs
    assert 'class="ballot ballot--against"' in theirs and "Non." in theirs


def test_a_vote_past_its_deadline_is_closed_and_shown_closed_without_a_write(voting, reader, monkeypatch):
    amendment, vote = voting
    url, browser = f"/amendments/{amendment.id}", reader("delegate_a")
    assert "vote ouvert" in page(browser, url) and "Bulletin de Organisation A" in page(browser, url)
    later = vote.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(amendment_views, "utcnow", lambda: later)  # the deadline passes; nothing is written
    closed = page(browser, url)
    assert "clos le" in closed and "vote ouvert" not in closed and "Bulletin de Organisation A" not in closed
    db.session.refresh(vote)
    assert vote.status == "closed"


def test_a_facilitators_page_is_their_own_with_their_vote_forms(voting, reader, people, views_run):
    amendment, _vote = voting
    url = f"/amendments/{amendment.id}"
    delegate = page(reader("delegate_b"), url)
    facilitator, again = page(reader("facilitator"), url), page(reader("facilitator"), url)
    assert len(views_run) == 3  # the facilitator's forms print their own token: never kept
    assert "Clore le vote maintenant" in facilitator and "Clore le vote maintenant" not in delegate
    assert not set(TOKEN.findall(facilitator)) & set(TOKEN.findall(delegate))
    assert signed_in(again) == people["facilitator"].name != signed_in(delegate)


def test_the_vote_can_be_opened_once_the_discussion_period_ends_without_a_write(charter, reader, people,  # noqa: F811
                                                                              monkeypatch):
    amendment = proposed(charter, people["member_a"])  # just proposed: the discussion period runs
    url, browser = f"/amendments/{amendment.id}", reader("facilitator")
    assert 'action="/amendments/%d/vote/open"' % amendment.id not in page(browser, url)
    later = utcnow() + timedelta(days=60)
    for module in (page_parts, vote_panel):
        monkeypatch.setattr(module, "utcnow", lambda: later)
    assert 'action="/amendments/%d/vote/open"' % amendment.id in page(browser, url)


def test_a_draft_kept_for_its_author_is_a_404_for_another_reader(charter, reader, people):  # noqa: F811
    draft = proposed(charter, people["member_a"], "Brouillon secret", draft=True)
    url = f"/amendments/{draft.id}"
    assert "Brouillon secret" in page(reader("member_a"), url)
    assert reader("delegate_b").get(url, headers=FR).status_code == 404
