"""A worker's store of whole pages for visitors, and the decorator that uses it."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps
from threading import Lock
from typing import Callable

from flask import Flask, Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.caching import generation
from app.extensions import db

STORE = "palabre_page_store"


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    content_type: str
    etag: str


class PageStore:
    """The most recently used pages, up to a number of bytes (a worker's memory stays bounded)."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.pages: OrderedDict[tuple, KeptPage] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> KeptPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: KeptPage) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += len(page.body) - (len(old.body) if old else 0)
            self.pages[key] = page
            while self.size > self.max_bytes:
                _, evicted = self.pages.popitem(last=False)
                self.size -= len(evicted.body)


def init_app(app: Flask) -> None:
    app.extensions[STORE] = PageStore(app.config.get("PAGE_CACHE_BYTES", 32 * 1024 * 1024))
    with app.app_context():
        generation.install(db.engine)


def kept_for_visitors(prepare: Callable[..., None] | None = None):
    """Serve the view's page from the store to visitors; build and keep it on a miss.

    `prepare(**view_args)` runs before the lookup, for work that must happen on every
    request whatever is kept (closing a vote whose time is up, say): if it writes, the
    generation moves and the kept page is not used.
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
            key = (request.full_path, str(get_locale()), generation.current(db.session))
            page = store.get(key)
            if page is None:
                response = current_app.make_response(view(*args, **kwargs))
                if not _keepable(response):
                    return response
                body = response.get_data()
                page = KeptPage(body, response.content_type, hashlib.blake2b(body, digest_size=16).hexdigest())
                store.put(key, page)
            return _serve(page)
        return wrapper
    return decorate


def _cacheable() -> bool:
    # A person logged in sees their own actions and notifications; a visitor with
    # something in the session (a message to show once) sees it: neither is kept.
    return (current_app.config.get("PAGE_CACHE", True) and request.method == "GET"
            and not current_user.is_authenticated and not session)


def _keepable(response: Response) -> bool:
    return (response.status_code == 200 and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified and not session)


def _serve(page: KeptPage) -> Response:
    response = Response(page.body, content_type=page.content_type)
    response.set_etag(page.etag)
    return response.make_conditional(request)
