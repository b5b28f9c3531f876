"""Dates: one format per language, day before month, month in words (issue 21, friction).

English pages used to say "Dec 3, 2026, 7:00 AM" in one place and "12/3/26" in another: month
first, ambiguous for most of the world. Now "3 December 2026, 07:00" (en-GB), and in French
"3 décembre 2026, 07:00", wherever a date is shown.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from markupsafe import Markup

from app.documents.services import create_document
from app.extensions import db
from app.templating import date_filter, datetime_filter, duration_filter, readable_time, time_tag

MOMENT = datetime(2026, 12, 3, 6, 5, tzinfo=timezone.utc)  # 07:05 in Paris


class Reader:
    """A request in one language, in its own app context (Flask-Babel keeps the locale there)."""

    def __init__(self, app, language):
        self.contexts = [app.app_context(), app.test_request_context(headers={"Accept-Language": language})]
        for context in self.contexts:
            context.push()

    def pop(self):
        for context in reversed(self.contexts):
            context.pop()


@pytest.fixture
def in_language(app):
    return lambda language: Reader(app, language)


@pytest.mark.parametrize(("language", "day", "moment"), [
    ("en", "3 December 2026", "3 December 2026, 07:05"),
    ("fr", "3 décembre 2026", "3 décembre 2026, 07:05"),
])
def test_one_format_per_language_day_first(in_language, language, day, moment):
    context = in_language(language)
    try:
        assert date_filter(date(2026, 12, 3)) == day and date_filter(MOMENT) == day
        for format in ("short", "medium", "long"):
            assert readable_time(MOMENT, format) == moment
            assert datetime_filter(MOMENT, format) == moment
        assert time_tag(MOMENT, "short") == Markup(f'<time datetime="{MOMENT.isoformat()}">{moment}</time>')
    finally:
        context.pop()


@pytest.mark.parametrize(("days", "english", "french"), [
    (7, "7 days", "7 jours"),
    (1, "1 day", "1 jour"),
    (2.5, "2 days and 12 hours", "2 jours et 12 heures"),
    (0.0625, "1 hour and 30 minutes", "1 heure et 30 minutes"),
    (0.01, "14 minutes", "14 minutes"),
])
def test_periods_read_in_days_and_hours_not_decimal_days(in_language, days, english, french):
    """Issue 21: "0.0625 days" was readable by nobody."""
    for language, expected in (("en", english), ("fr", french)):
        context = in_language(language)
        try:
            assert duration_filter(days) == expected
        finally:
            context.pop()


def test_the_rules_of_a_text_say_their_periods_in_words(client, app):
    document = create_document("charte", "Charte", "# Charte\n\nUn texte.\n", author=None, now=MOMENT,
                               summary="Version initiale")
    document.discussion_days, document.voting_days = 2.5, 0.5
    db.session.commit()
    html = client.get("/documents/charte").get_data(as_text=True)
    assert "au moins 2 jours et 12 heures" in html and "pendant 12 heures" in html
