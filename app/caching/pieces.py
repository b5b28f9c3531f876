"""Pieces of a logged-in reader's page, kept for everyone who may see them alike, spliced in after Jinja.

A member's page is their own (their name, CSRF token, notification count, follow and ballot state),
but most of its weight is not: the text of an immutable version with its margin, a diff between
two versions, an amendment's changes, the ballots of a vote. Those pieces are built once per
worker, kept as UTF-8 bytes, and joined into the page after Jinja has rendered the person's parts
around a marker: Jinja never walks, copies nor scans megabytes again (the text alone is 1.9 MB in
a congress).

A piece's key says everything it depends on. Three kinds:
- `fixed(key, build)`: made of immutable rows only (a version, two versions): kept until evicted,
  whatever is written meanwhile.
- `checked(key, inputs, build)`: made of rows that change (thread counts, ballots). It is trusted
  for the generation it was checked at (app/caching/generation.py); once the generation moves,
  `inputs()` (a few light queries) is asked again and the piece is rebuilt only if they changed.
  In a live congress every ballot moves the generation: the margin of the text survives them all.
- `of_generation(key, build)`: read from so many rows (a list of 2,000 amendments) that checking them
  costs what building it costs: kept for one generation only.

The marker names a random token of the request: no text a person typed can forge one.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Callable

from flask import Response, current_app, g, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.caching import generation
from app.caching.store import BoundedStore
from app.extensions import db
from app.templating import without_bidi_controls

STORE = "palabre_piece_store"
MARKER = re.compile(r"<!--piece:([0-9a-f]{16}):(\d+)-->")
# What `csrf_token()` prints while a piece is built: each reader's own token goes there when the page is
# spliced (a token is a session's; a piece is everyone's). Random per process: no typed text matches it.
CSRF_MARK = f"<!--csrf:{secrets.token_hex(8)}-->"


@dataclass
class Piece:
    body: tuple[bytes, ...]  # cut where the reader's CSRF token goes
    checked_at: int | None = None  # the generation its inputs were last found unchanged at
    digest: bytes = b""  # of its inputs

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.body)


def init_app(app) -> None:
    app.extensions[STORE] = BoundedStore(app.config.get("PIECE_CACHE_BYTES", 48 * 1024 * 1024))
    app.after_request(splice)
    # Flask-WTF offers `csrf_token` both as a global and from a context processor: this one, later, wins.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})


def store() -> BoundedStore:
    """This worker's store of pieces, and of the shells of whole pages (app/caching/shells.py)."""
    return current_app.extensions[STORE]


def csrf_token() -> str:
    """The reader's CSRF token; its mark while a piece is built (spliced with the reader's own)."""
    return Markup(CSRF_MARK) if g.get("building_piece") else generate_csrf()


def built(build: Callable[[], str]) -> tuple[bytes, ...]:
    """The bytes of `build()` for everyone, cut where the reader's CSRF token goes."""
    # (A piece may be built while a whole page's shell is: its tokens stay marks until the page is filled.)
    was_building, g.building_piece = g.get("building_piece", False), True
    was_in_piece, g.in_piece = g.get("in_piece", False), True  # no reader's own part may go in (shells.own)
    try:
        html = str(build())
    finally:
        g.building_piece, g.in_piece = was_building, was_in_piece
    # What Jinja's `finalize` does to every value it prints, done once here since Jinja no longer sees it.
    return tuple(part.encode() for part in str(without_bidi_controls(html)).split(CSRF_MARK))


def fixed(key: tuple, build: Callable[[], str]) -> Markup:
    """The marker of a piece made only of immutable rows, built by `build()` on a miss."""
    kept = store()
    piece = kept.get(key)
    if piece is None:
        piece = Piece(built(build))
        kept.put(key, piece)
    return _slot(piece.body)


def of_generation(key: tuple, build: Callable[[], str]) -> Markup:
    """The marker of a piece read from many rows at once (a list of 2,000 amendments), whose inputs cost
    what building it costs: kept for the generation it was built at only."""
    return fixed((*key, current_generation()), build)


def checked(key: tuple, inputs: Callable[[], object], build: Callable[[object], str]) -> Markup:
    """The marker of a piece built by `build(inputs())`, rebuilt only when its inputs changed.

    `inputs()` must return everything the piece shows (its repr is compared), and the key
    everything else it depends on (permission class, language).
    """
    kept, current = store(), current_generation()
    piece = kept.get(key)
    if piece is not None and piece.checked_at == current:
        return _slot(piece.body)
    found = inputs()
    digest = hashlib.blake2b(repr(found).encode(), digest_size=20).digest()
    if piece is None or piece.digest != digest:
        piece = Piece(built(lambda: build(found)), current, digest)
        kept.put(key, piece)
    else:
        piece.checked_at = current
    return _slot(piece.body)


def current_generation() -> int:
    return generation.seen(db.session)


def _slot(body: tuple[bytes, ...]) -> Markup:
    bodies = g.setdefault("page_pieces", [])
    bodies.append(body)
    return Markup(f"<!--piece:{_token()}:{len(bodies) - 1}-->")


def _token() -> str:
    if "piece_token" not in g:
        g.piece_token = secrets.token_hex(8)
    return g.piece_token


def render_page(template: str, status: int = 200, **context) -> Response:
    """`render_template`, then each piece's marker replaced by its kept bytes, without decoding them."""
    return Response(_spliced(render_template(template, **context)), status=status, mimetype="text/html")


def _spliced(html: str) -> bytes:
    bodies, token = g.pop("page_pieces", []), g.get("piece_token")
    parts: list[bytes] = []
    start = 0
    for match in MARKER.finditer(html):
        if match.group(1) != token:
            continue
        body = bodies[int(match.group(2))]
        parts += [html[start:match.start()].encode(), body[0] if len(body) == 1 else _csrf_bytes().join(body)]
        start = match.end()
    parts.append(html[start:].encode())
    return b"".join(parts)


def _csrf_bytes() -> bytes:
    """The reader's token, or its mark while a whole page's shell is built (filled per reader)."""
    return CSRF_MARK.encode() if g.get("building_piece") else generate_csrf().encode()


def splice(response: Response) -> Response:
    """A page rendered by plain `render_template` that holds pieces (a vote section on any subject's page):
    after each request, and before a visitor's page is kept (app/caching/pages.py)."""
    if "page_pieces" in g and not response.direct_passthrough and response.mimetype == "text/html":
        response.set_data(_spliced(response.get_data(as_text=True)))
    return response
