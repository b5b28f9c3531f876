"""What every template can use: the policy module, date formatting, the current language.

Dates have one format per language, the day before the month and the month in words, so that
no reader has to guess whether 03/12 is March or December: "3 décembre 2026, 07:00" in French,
"3 December 2026, 07:00" in English (British usage, not the American month-first order).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from babel import dates as babel_dates
from flask import Flask, current_app, request, url_for
from flask_babel import get_locale, ngettext, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from app import policy
from app.collective import identity
from app.text.render import render_markdown


DATE_PATTERN = "d MMMM y"
TIME_PATTERN = "HH:mm"
# The language of the page -> the locale whose conventions its dates follow.
DATE_LOCALES = {"en": "en_GB"}


def date_locale() -> str:
    language = str(get_locale() or "fr")
    return DATE_LOCALES.get(language, language)


def reader_date(value: date | datetime) -> str:
    """A day, in the reader's language (and time zone, for a moment): "3 December 2026"."""
    if isinstance(value, datetime):
        try:
            value = to_user_timezone(value).date()
        except OverflowError:
            return value.date().isoformat()
    return babel_dates.format_date(value, DATE_PATTERN, locale=date_locale())


def reader_datetime(value: datetime) -> str:
    """A moment, in the reader's language and time zone, without seconds: "3 December 2026, 07:00".

    A time at the edge of the calendar (year 9999 in UTC is year 10000 in Paris) cannot be converted to the
    reader's zone: it is shown in UTC as stored rather than breaking the page.
    """
    try:
        local = to_user_timezone(value)
    except OverflowError:
        return value.isoformat(timespec="minutes")
    return f"{reader_date(local.date())}, {babel_dates.format_time(local, TIME_PATTERN, locale=date_locale())}"


def datetime_filter(value: datetime | None, format: str = "medium") -> str:
    """A timestamp in the reader's language and time zone (one format: `format` is kept for callers)."""
    return reader_datetime(value) if value else ""


def date_filter(value, format: str = "long") -> str:
    return reader_date(value) if value else ""


def readable_time(value: datetime, format: str = "medium") -> str:
    """A date and time for people: one format per language, whatever `format` the caller names."""
    return reader_datetime(value)


def machine_time(value: datetime) -> str:
    """The `datetime` attribute of <time>: UTC to the second (HTML allows at most three digits of fraction)."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def duration_filter(days: float | None) -> str:
    """A period given in days, for people: "2 days and 12 hours", "7 days", "1 hour and 30 minutes".

    Minutes only count for periods shorter than a day; "0.5 days" was readable by nobody.
    """
    minutes = max(0, round((days or 0) * 24 * 60))
    whole_days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if whole_days:
        parts.append(ngettext("%(num)d day", "%(num)d days", whole_days))
    if hours:
        parts.append(ngettext("%(num)d hour", "%(num)d hours", hours))
    if minutes and not whole_days or not parts:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", minutes))
    return parts[0] if len(parts) == 1 else _("%(first)s and %(second)s", first=parts[0], second=parts[1])


def time_tag(value: datetime | None, format: str = "medium") -> Markup:
    """A <time> element: machine-readable UTC, human-readable in the reader's language and zone."""
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(machine_time(value), readable_time(value, format))


# The main navigation, in order. Entries whose endpoint does not exist are left out.
NAV_LINKS = [
    ("documents.index", _l("Texts"), None),
    ("amendments.index", _l("Amendments"), None),
    ("votes.index", _l("Votes"), None),
    ("members.directory", _l("Organisations"), None),
    ("admin.index", _l("Administration"), policy.can_administer),
]


def nav_links() -> list[dict]:
    """The navigation entries this reader may follow, the current one marked."""
    links = []
    for endpoint, label, allowed in NAV_LINKS:
        if endpoint not in current_app.view_functions or (allowed and not allowed(current_user)):
            continue
        section = endpoint.split(".")[0]
        links.append({"url": url_for(endpoint), "label": label,
                      "current": (request.blueprint == section)})
    return links


def markdown_filter(text: str | None) -> Markup:
    """Markdown typed by someone, rendered and sanitised by the text engine."""
    return Markup(render_markdown(text or ""))


# What a browser ignores in a URL before reading its scheme (controls, spaces, invisible characters).
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_url(value: str | None) -> str:
    """A URL someone typed, if it may be a link: http, https, mailto or relative; else "" (no link).

    Forms and the API only take http(s) websites, but rows also come from archives and older data:
    a `javascript:` or `data:` address must never become an href.
    """
    if not value:
        return ""
    found = _SCHEME.match(_INVISIBLE.sub("", value))
    if found and found.group(1).lower() not in LINK_SCHEMES:
        return ""
    return value


# Explicit direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) in words someone
# typed (a title, a name) turn the page's own words after them around: "(Charte)" read "(etrahC)", which
# could make a badge or a figure say something else. Right-to-left scripts need none of them to show.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class WithoutBidiControls(Markup):
    """Safe HTML known to hold no direction control: `finalize` prints it unread.

    For stored HTML cleaned once and kept (the unchanged clauses a compare folds: 400 KB in a
    congress, which the scan below would read again on each compare)."""

    __slots__ = ()


def without_bidi_controls(value):
    """Every value a template prints, the direction controls removed (Jinja's `finalize`)."""
    if type(value) is WithoutBidiControls:
        return value
    if isinstance(value, str) and _BIDI_CONTROLS.search(value):
        cleaned = _BIDI_CONTROLS.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def init_app(app: Flask) -> None:
    """Register filters and globals."""

    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["machine_time"] = machine_time
    app.jinja_env.filters["duration"] = duration_filter
    app.jinja_env.filters["markdown"] = markdown_filter
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.globals["time_tag"] = time_tag
    app.jinja_env.globals["policy"] = policy
    app.jinja_env.globals["nav_links"] = nav_links
    app.jinja_env.finalize = without_bidi_controls
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_common() -> dict:
        collective = identity.for_pages()
        return {
            "current_language": str(get_locale() or "fr"),
            "collective": collective,
            "site_name": collective.name,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
