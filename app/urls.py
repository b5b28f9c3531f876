"""What a request's address may carry: redirect targets that cannot lead off-site, ids, sizes, page numbers."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import NotFound, PalabreError


def app_path(endpoint: str, **values) -> str:
    """The path of a page, in a request or not (cron closing a vote, the mail sender: no request)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def safe_next(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site, else `fallback` (no open redirect)."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    return target


# Ids are INTEGER columns: 32-bit on PostgreSQL, and a larger value crashes the driver (a 500).
LARGEST_ID = 2**31 - 1


def refuse_huge_ids(_endpoint, values) -> None:
    """404 for /amendments/99999999999999999999 (pages and API alike) rather than an overflow."""
    for value in (values or {}).values():
        if isinstance(value, int) and abs(value) > LARGEST_ID:
            raise NotFound(_("There is nothing with this number."), code="not_found")


def refuse_huge_bodies():
    """413 as soon as the announced body is over the limit: before authentication, before reading it."""
    limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()


def refuse_nul_bytes():
    """A NUL character in the address or a form field is never meant: 400 rather than a database error
    (PostgreSQL refuses NUL in text). JSON bodies are checked field by field by the API."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                     for key, value in request.args.items(multi=True)):
        raise PalabreError(_("The address contains a NUL character."), code="bad_request")
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)):
        raise PalabreError(_("A field of the form contains a NUL character, which no text may hold: "
                             "remove it and send the form again."), code="bad_request")


# A page number typed by hand may be absurd: beyond SQLite's integers the query used to crash.
MAX_PAGE_NUMBER = 100_000


def page_number() -> int:
    """The `?page=` of a listing page, between 1 and MAX_PAGE_NUMBER (1 when missing or not a number)."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE_NUMBER)
