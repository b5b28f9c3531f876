"""Each notice kind is defined once (notifications/kinds.py) and its words and mail choice come from there."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notifications import kinds
from app.notifications.models import Notification
from app.mail.services import preference_of
from app.notifications.services import message_of, notify
from app.db_types import utcnow
from tests.support.forms import post_form


def test_every_kind_the_app_sends_is_registered_with_its_sentence_and_mail_choice(app):
    assert set(kinds.KINDS) >= {"vote_opened", "membership_vote_opened", "vote_closing", "reply",
                                "amendment_outcome", "followed", "mail_dropped"}
    assert [choice.name for choice in kinds.choices()] == [
        "vote_opened", "vote_closing", "reply", "amendment_outcome", "followed"]
    assert kinds.of("membership_vote_opened").choice is kinds.of("vote_opened").choice
    assert not kinds.of("mail_dropped").mailed  # told in the app only: mail is what failed


def test_a_kind_defined_twice_is_refused(app):
    with pytest.raises(ValueError):
        kinds.define(kinds.Kind("reply", sentence=lambda params: "another sentence"))


def test_a_notice_of_a_kind_nobody_defined_is_a_programming_error_and_writes_nothing(app, people):
    with pytest.raises(KeyError):
        notify([people["member_a"]], kind="no_such_kind", params={}, url="/", now=utcnow())
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_stored_notice_of_a_removed_kind_still_reads_as_a_sentence(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert message_of(Notification(kind="gone_since", params_json="{}")) == "Something changed that concerns you."
        assert message_of(Notification(kind="reply", params_json="{}")) == "Something changed that concerns you."
        assert message_of(Notification(kind="reply", params_json='{"name": "Awa"}')) == (
            "Awa replied in a discussion you take part in.")


def test_the_account_page_lists_one_checkbox_per_choice_and_saves_them(client, login_as, people):
    login_as("delegate_b")
    page = client.get("/account").get_data(as_text=True)
    for choice in kinds.choices():
        assert f'id="mail-{choice.name}"' in page
    post_form(client, "/account/mail", {"mail-vote_opened": "", "mail-reply": "y", "mail-followed": "y"},
              token_from="/account")
    db.session.expire_all()

    assert preference_of(people["delegate_b"]).disabled == {"vote_opened", "vote_closing", "amendment_outcome"}
