"""Logged-in readers of the kept pages (tests/caching/test_pieces.py, test_shells.py)."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.support.forms import login

FR = {"Accept-Language": "fr"}


@pytest.fixture
def reader(app, people):
    """A new browser logged in as one of the `people` roles, the message of the log-in seen."""
    def make(role: str):
        browser = app.test_client()
        login(browser, people[role].email, PASSWORD)
        assert browser.get("/notifications", headers=FR).status_code == 200
        return browser
    return make


def page(browser, url: str) -> str:
    response = browser.get(url, headers=FR)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)
