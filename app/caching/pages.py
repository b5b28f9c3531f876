"""A worker's store of whole pages for visitors, and the decorator that uses it."""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Callable

from flask import Flask, Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.caching import generation, pieces
from app.caching.keys import page_key
from app.caching.shortcut import VisitorShortcut
from app.caching.store import BoundedStore
from app.extensions import db

STORE = "palabre_page_store"
KEPT_HEADERS = ("Content-Disposition",)  # the name under which a PDF or ODT file is saved


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    content_type: str
    etag: str
    gzipped: bytes | None = None  # what browsers get: a large text travels several times smaller
    shortcut: bool = True  # may be served without Flask (app/caching/shortcut.py)
    expires_at: datetime | None = None  # the shortcut stops serving it then (a vote's deadline)
    headers: tuple[tuple[str, str], ...] = ()  # kept with the body: a printed file's name

    @classmethod
    def of(cls, body: bytes, content_type: str, shortcut: bool, expires_at: datetime | None = None,
           headers: tuple[tuple[str, str], ...] = ()) -> KeptPage:
        # Pages only: API answers are paginated and small, and scripts may not expect gzip.
        worth_it = len(body) > 1024 and content_type.startswith("text/html")
        gzipped = gzip.compress(body, compresslevel=6, mtime=0) if worth_it else None
        return cls(body, content_type, hashlib.blake2b(body, digest_size=16).hexdigest(), gzipped, shortcut,
                   expires_at, headers)

    def fresh_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at

    def choose(self, accept_encoding: str) -> tuple[bytes, str, str | None]:
        """(body, ETag, Content-Encoding) for a request accepting `accept_encoding`."""
        if self.gzipped is not None and "gzip" in accept_encoding.lower():
            return self.gzipped, self.etag + "-gzip", "gzip"
        return self.body, self.etag, None

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


PageStore = BoundedStore[KeptPage]  # (a name for the shortcut and the tests)


def init_app(app: Flask) -> None:
    store = app.extensions[STORE] = BoundedStore(app.config.get("PAGE_CACHE_BYTES", 32 * 1024 * 1024))
    with app.app_context():
        generation.install(db.engine)
        if app.config.get("PAGE_CACHE", True):
            app.wsgi_app = VisitorShortcut(app.wsgi_app, store, db.engine, app.config["LANGUAGES"])


def kept_for_visitors(prepare: Callable[..., None] | None = None,
                      valid_until: Callable[[], datetime | None] | None = None):
    """Serve the view's page from the store to visitors; build and keep it on a miss.

    `prepare(**view_args)` runs before the lookup, for work that must happen on every
    request whatever is kept (closing a vote whose time is up, say): if it writes, the
    generation moves and the kept page is not used. Such a page is answered before Flask
    only if `valid_until()` says until when `prepare` would have nothing to do.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable():
                return view(*args, **kwargs)
            if prepare is not None:
                prepare(**kwargs)
                db.session.flush()
            store: PageStore = current_app.extensions[STORE]
            key = page_key(request.environ, str(get_locale()), pieces.current_generation())
            page = store.get(key)
            if page is None:
                response = pieces.splice(current_app.make_response(view(*args, **kwargs)))
                if not _keepable(response):
                    return response
                page = KeptPage.of(response.get_data(), response.content_type,
                                   shortcut=prepare is None or valid_until is not None,
                                   expires_at=valid_until() if valid_until is not None else None,
                                   headers=tuple((name, response.headers[name]) for name in KEPT_HEADERS
                                                 if name in response.headers))
                store.put(key, page)
            return _serve(page)
        return wrapper
    return decorate


# What a visitor's session may hold and still be served kept pages: the language they
# chose, which is part of the key, and Flask-Login's mark that it holds no log-in.
# Anything else (a message to show once) is not.
NEUTRAL_SESSION_KEYS = frozenset({"language", "_fresh"})


def _cacheable() -> bool:
    # A person logged in sees their own actions and notifications: never kept.
    return (current_app.config.get("PAGE_CACHE", True) and request.method == "GET"
            and "Authorization" not in request.headers  # an API caller with a token
            and not current_user.is_authenticated and set(session) <= NEUTRAL_SESSION_KEYS)


def _keepable(response: Response) -> bool:
    return (response.status_code == 200 and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified
            and set(session) <= NEUTRAL_SESSION_KEYS)


def _serve(page: KeptPage) -> Response:
    body, etag, encoding = page.choose(request.headers.get("Accept-Encoding", ""))
    response = Response(body, content_type=page.content_type, headers=page.headers)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)
