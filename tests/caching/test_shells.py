"""Whole logged-in pages kept as shells (app/caching/shells.py, issue 20.2): readers of one permission
class share the page and each gets their own name, unread count, follow button and CSRF tokens; a reader
of another class never gets a shell made for a class they are not in; a change shows at once; a page
with a message to show once, an error or another address's filters is never served from another's shell."""
from __future__ import annotations

import re

import pytest
from flask import render_template_string
from flask_wtf.csrf import generate_csrf

from app.caching import pieces
from app.caching.shells import Shell
from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.watches import services as watch_services
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.caching.conftest import FR, page
from tests.caching.test_pieces import TOKEN, proposed
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, login

MARKS = re.compile(r"<!--(?:own|csrf|piece):")
PROPOSE = "Proposer une modification de l’ensemble du texte"
RULES = "Modifier les règles"


def shells(app) -> list[Shell]:
    with app.app_context():
        return [entry for entry in pieces.store().entries.values() if isinstance(entry, Shell)]


def test_two_members_share_one_shell_of_the_text_and_of_the_compare_page(app, charter, reader, people):  # noqa: F811
    for url in ("/documents/charte", "/documents/charte/compare?from=1&to=1"):
        before = len(shells(app))
        one, two = page(reader("member_a"), url), page(reader("delegate_b"), url)
        assert len(shells(app)) == before + 1, url  # the second reader was served the first one's shell
        assert people["member_a"].name in one and people["member_a"].name not in two
        assert people["delegate_b"].name in two and people["delegate_b"].name not in one
        assert not set(TOKEN.findall(one)) & set(TOKEN.findall(two)) and TOKEN.findall(one)
        assert not MARKS.search(one + two)


def test_a_reader_of_another_class_never_gets_the_shell_of_a_class_they_are_not_in(charter, reader):  # noqa: F811
    member = page(reader("member_a"), "/documents/charte")  # built first, for members
    outsider = page(reader("candidate"), "/documents/charte")  # a candidate organisation's contact
    facilitator = page(reader("facilitator"), "/documents/charte")
    assert PROPOSE in member and PROPOSE not in outsider and "proposer une modification" not in outsider
    assert RULES in facilitator and RULES not in member and RULES not in outsider
    assert 'id="margin-comment-form"' in member and 'id="margin-comment-form"' not in outsider


def test_each_reader_sees_their_own_unread_count_and_a_new_notification_at_once(charter, reader, people):  # noqa: F811
    mine, theirs = reader("member_a"), reader("delegate_b")
    assert 'class="count-pill"' not in page(mine, "/documents/charte")
    db.session.add(Notification(person_id=people["member_a"].id, kind="comment", url="/documents/charte",
                                created_at=utcnow()))
    db.session.commit()
    assert 'class="count-pill">1<' in page(mine, "/documents/charte")
    assert 'class="count-pill"' not in page(theirs, "/documents/charte")


def test_following_shows_at_once_and_only_to_the_follower(charter, reader, people):  # noqa: F811
    follower, other = reader("delegate_a"), reader("delegate_a2")
    assert "Suivre ce texte" in page(follower, "/documents/charte")
    watch_services.follow(people["delegate_a"], watch_services.target_of(charter), now=utcnow())
    db.session.commit()
    assert "Suivi — arrêter" in page(follower, "/documents/charte")
    assert "Suivi — arrêter" not in page(other, "/documents/charte")


def test_a_message_to_show_once_is_its_readers_own_part_shown_once(app, charter, reader):  # noqa: F811
    browser = reader("member_a")
    page(browser, "/documents/charte")
    followed = browser.post("/follow", headers=FR, data={"csrf_token": csrf_token(browser, "/documents/charte"),
                                                         "document": "charte", "next": "/documents/charte"})
    assert followed.status_code == 302
    told = "Vous le suivez désormais"
    assert told in page(browser, "/documents/charte")  # the page of the new generation, kept: the message is not
    kept = len(shells(app))
    assert told not in page(browser, "/documents/charte")
    assert told not in page(reader("delegate_a"), "/documents/charte")
    assert len(shells(app)) == kept


def test_the_welcome_of_a_log_in_is_shown_on_a_kept_page_to_that_reader_only(app, charter, reader, people):  # noqa: F811
    page(reader("delegate_b"), "/documents/charte")
    browser = app.test_client()
    login(browser, people["delegate_a"].email, PASSWORD)
    welcomed = page(browser, "/documents/charte")
    assert 'class="flash flash--success"' in welcomed and len(shells(app)) == 1
    assert 'class="flash flash--success"' not in page(browser, "/documents/charte")


def test_the_lists_of_two_filters_are_two_pages(charter, reader, people):  # noqa: F811
    proposed(charter, people["member_a"], "Vendre plutôt")
    browser = reader("delegate_a")
    everything = page(browser, "/documents/charte/amendments")
    elsewhere = page(browser, f"/documents/charte/amendments?author={people['delegate_b'].id}")
    assert "Vendre plutôt" in everything and "Vendre plutôt" not in elsewhere


def test_an_authors_own_draft_is_in_their_list_only(charter, reader, people):  # noqa: F811
    page(reader("delegate_a"), "/documents/charte/amendments?status=all")  # the shell of readers without drafts
    proposed(charter, people["member_a"], "Brouillon secret", draft=True)
    assert "Brouillon secret" in page(reader("member_a"), "/documents/charte/amendments?status=all")
    assert "Brouillon secret" not in page(reader("delegate_b"), "/documents/charte/amendments?status=all")


def test_a_missing_text_is_a_404_for_every_reader_and_is_not_kept(app, charter, reader):  # noqa: F811
    before = len(shells(app))
    for role in ("member_a", "delegate_b"):
        assert reader(role).get("/documents/nowhere", headers=FR).status_code == 404
    assert len(shells(app)) == before


def test_a_renamed_person_sees_their_new_name_at_once(charter, reader, people):  # noqa: F811
    browser = reader("member_a")
    assert people["member_a"].name in page(browser, "/documents/charte")
    people["member_a"].name = "Nom tout neuf"
    db.session.commit()
    assert "Nom tout neuf" in page(browser, "/documents/charte")


@pytest.mark.parametrize("url", ["/documents/charte", "/documents/charte/amendments"])
def test_a_token_filled_into_a_shared_shell_is_the_readers_own_and_is_accepted(charter, reader, url):  # noqa: F811
    page(reader("delegate_b"), url)  # the shell built by someone else first
    browser = reader("delegate_a")
    html = page(browser, url)
    follow_form = html.split('class="inline-form follow-form"')[1] if "follow-form" in html else html
    token = TOKEN.search(follow_form).group(1)
    logged_out = browser.post("/logout", headers=FR, data={"csrf_token": token})
    assert logged_out.status_code == 302


def test_a_page_that_printed_its_builders_real_token_is_never_kept_for_another(app, charter, reader, people,  # noqa: F811
                                                                              monkeypatch):
    monkeypatch.setattr(pieces, "csrf_token", generate_csrf)  # as a form's own field would print it
    one, two = page(reader("member_a"), "/documents/charte"), page(reader("delegate_b"), "/documents/charte")
    assert TOKEN.findall(one) and not set(TOKEN.findall(one)) & set(TOKEN.findall(two))
    assert shells(app) == []
    assert not MARKS.search(one + two) and people["member_a"].name in one  # each page filled for its reader


def test_no_readers_own_part_goes_into_a_piece_kept_for_everyone(app, people):
    with app.test_request_context("/"):
        with pytest.raises(RuntimeError):
            pieces.fixed(("a piece",), lambda: render_template_string('{{ own("account tools") }}'))


def test_the_follow_button_of_a_kept_page_brings_its_reader_back_to_that_page(charter, reader):  # noqa: F811
    browser = reader("delegate_a")
    for url in ("/documents/charte", "/documents/charte/compare?from=1&to=1"):
        html = page(browser, url)
        follow_form = html.split('class="inline-form follow-form"')[1].split("</form>")[0]
        assert f'name="next" value="{url.replace("&", "&amp;")}"' in follow_form
