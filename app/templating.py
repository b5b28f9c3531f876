"""What every template can use: the policy module, date formatting, the current language."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from app import policy


def datetime_filter(value: datetime | None, format: str = "medium") -> str:
    """A timestamp in the reader's language and time zone (as stored when it cannot be converted)."""
    try:
        return format_datetime(value, format) if value else ""
    except OverflowError:
        return value.isoformat(timespec="minutes")


def date_filter(value, format: str = "long") -> str:
    return format_date(value, format) if value else ""


def readable_time(value: datetime, format: str = "medium") -> str:
    """A date and time for people: no seconds; "long" spells the month, "short" is compact.

    A time at the edge of the calendar (year 9999 in UTC is year 10000 in Paris) cannot be converted to the
    reader's zone: it is shown in UTC as stored rather than breaking the page.
    """
    try:
        if format == "short":
            return format_datetime(value, "short")
        return f"{format_date(value, 'long' if format == 'long' else 'medium')}, {format_time(value, 'short')}"
    except OverflowError:
        return value.isoformat(timespec="minutes")


def machine_time(value: datetime) -> str:
    """The `datetime` attribute of <time>: UTC to the second (HTML allows at most three digits of fraction)."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


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
    from app.text.render import render_markdown

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


def without_bidi_controls(value):
    """Every value a template prints, the direction controls removed (Jinja's `finalize`)."""
    if isinstance(value, str) and _BIDI_CONTROLS.search(value):
        cleaned = _BIDI_CONTROLS.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["machine_time"] = machine_time
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
        return {
            "current_language": str(get_locale() or "fr"),
            "site_name": app.config["PALABRE_NAME"],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
