"""Kept pages answered before Flask: for a visitor without cookies, a hit costs one query.

Most readers of a public text have no account and no cookie. Their request needs no
session, no user, no routing: only the address, their language and the generation. The
page itself, its ETag and its gzip body were made by app/caching/pages.py on a miss; a
page whose view must run something first (closing a vote that is due) is answered
here only until that is due. Anything unusual goes on to Flask unchanged.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from app.caching.generation import CURRENT
from app.caching.keys import page_key
from app.db_types import utcnow
from app.i18n import visitor_locale
from app.security import SECURITY_HEADERS

if TYPE_CHECKING:
    from app.caching.pages import PageStore

log = logging.getLogger(__name__)


class VisitorShortcut:
    """WSGI middleware around the Flask application."""

    def __init__(self, wsgi_app, store: PageStore, engine: Engine, languages):
        self.wsgi_app, self.store, self.engine, self.languages = wsgi_app, store, engine, languages

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_COOKIE" in environ
                or "HTTP_AUTHORIZATION" in environ):
            return self.wsgi_app(environ, start_response)
        try:
            current = self._generation()
        except Exception:  # the database is away or busy: Flask will say so properly
            log.exception("kept pages: could not read the generation")
            return self.wsgi_app(environ, start_response)
        page = self.store.get(page_key(environ, visitor_locale(environ, self.languages), current))
        if page is None or not page.shortcut or not page.fresh_at(utcnow()):
            return self.wsgi_app(environ, start_response)
        body, etag, encoding = page.choose(environ.get("HTTP_ACCEPT_ENCODING", ""))
        headers = [("Content-Type", page.content_type), ("ETag", f'"{etag}"'),
                   ("Vary", "Accept-Encoding, Accept-Language, Cookie"), *SECURITY_HEADERS.items(), *page.headers]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        if _matches(environ.get("HTTP_IF_NONE_MATCH"), etag):
            start_response("304 NOT MODIFIED", headers)
            return []
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _generation(self) -> int:
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(CURRENT)
            row = cursor.fetchone()
            cursor.close()
            connection.rollback()
        finally:
            connection.close()
        return row[0] if row else 0


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    return any(tag.strip().removeprefix("W/").strip('"') in (etag, "*") for tag in if_none_match.split(","))
