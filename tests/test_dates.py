"""Dates: one format per language, day before month, month in words (issue 21, friction).

English pages used to say "Dec 3, 2026, 7:00 AM" in one place and "12/3/26" in another: month
first, ambiguous for most of the world. Now "3 December 2026, 07:00" (en-GB), and in French
"3 décembre 2026, 07:00", wherever a date is shown.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from markupsafe import Markup

from app.templating import date_filter, datetime_filter, readable_time, time_tag

MOMENT = datetime(2026, 12, 3, 6, 5, tzinfo=timezone.utc)  # 07:05 in Paris


@pytest.fixture
def in_language(app):
    def use(language):
        context = app.test_request_context(headers={"Accept-Language": language})
        context.push()
        return context
    return use


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
