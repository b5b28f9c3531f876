"""Issue 22.18 (and 21.8): the same amendment form sent twice, or three times at once, proposes one amendment."""
from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from app.amendments.models import Amendment
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended
from tests.conftest import PASSWORD
from tests.support.forms import CSRF_PATTERN, login

KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


def the_form(client) -> dict:
    page = client.get("/documents/charte/amendments/new").get_data(as_text=True)
    return {"csrf_token": CSRF_PATTERN.search(page).group(1), "submission_key": KEY.search(page).group(1),
            "title": "Vendre", "rationale": "Plus clair.", "markdown": amended(CHARTER, "revendre", "vendre"),
            "base_version": "1", "action": "submit"}


def count() -> int:
    return db.session.scalar(select(func.count(Amendment.id)))


def test_sending_the_same_form_twice_proposes_one_amendment(client, charter, people, login_as):
    login_as("member_a")
    form = the_form(client)
    first = client.post("/documents/charte/amendments/new", data=form)
    second = client.post("/documents/charte/amendments/new", data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count() == 1


def test_two_forms_make_two_amendments(client, charter, people, login_as):
    login_as("member_a")
    for old, new in (("revendre", "vendre"), ("une voix", "une seule voix")):
        form = {**the_form(client), "markdown": amended(CHARTER, old, new)}
        assert client.post("/documents/charte/amendments/new", data=form).status_code == 302
    assert count() == 2


def test_three_sendings_at_once_propose_one_amendment(app, charter, people):
    client = app.test_client()
    login(client, people["member_a"].email, PASSWORD)
    form = the_form(client)
    cookie = client.get_cookie("session").value
    db.session.commit()
    db.session.remove()  # hold no lock while the threads send
    barrier, statuses = threading.Barrier(3), []

    def send():
        with app.app_context():
            sender = app.test_client()
            sender.set_cookie("session", cookie)
            barrier.wait(timeout=30)
            statuses.append(sender.post("/documents/charte/amendments/new", data=form).status_code)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 3 and set(statuses) <= {302, 503}, statuses
    assert count() == 1
